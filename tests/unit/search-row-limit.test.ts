import { sql } from 'drizzle-orm'
import { PgDialect, QueryBuilder, integer, pgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { rowLimit, writtenLimit } from '../../search/raw-sql.ts'

const render = (query: ReturnType<typeof sql>) => new PgDialect().sqlToQuery(query)

describe('row limits written into search SQL', () => {
  it('are part of the text, not parameters, so a prepared plan can settle', () => {
    expect(render(sql`select 1 limit ${rowLimit(20)} offset ${rowLimit(0)}`)).toEqual({
      sql: 'select 1 limit 20 offset 0',
      params: [],
    })
  })

  it('refuse anything but a non-negative whole number, so no text reaches the SQL', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53])
      expect(() => rowLimit(bad), String(bad)).toThrow(RangeError)
    expect(() => rowLimit('5; drop table offerings' as unknown as number)).toThrow(RangeError)
  })

  it("are written into the query builder's limit too, where a number would be a parameter", () => {
    const rows = pgTable('rows', { n: integer('n') })
    const select = () => new QueryBuilder().select().from(rows)
    expect(select().limit(writtenLimit(20)).toSQL()).toEqual({
      sql: 'select "n" from "rows" limit 20',
      params: [],
    })
    expect(select().limit(20).toSQL().params).toEqual([20])
  })
})
