import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { signUp } from '../../models/accounts.ts'
import { createServiceItem, editServiceItem } from '../../models/catalogue-admin.ts'
import {
  getServiceItem,
  getServiceItemDetail,
  listItemOfferings,
  listServiceItems,
  OFFERINGS_PER_PAGE,
} from '../../models/catalogue.ts'
import type { Actor } from '../../models/context.ts'
import { offerings, organisations } from '../../models/db/schema.ts'
import { ValidationError } from '../../models/errors.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { ctxFor } from '../setup/test-database.ts'
import { fieldErrorsOf, fieldsOf, newItem, setUpCatalogue } from './catalogue-world.ts'

// What the public reads of the catalogue: fee figures, offerings by fee or time, filters.
const world = setUpCatalogue()
const as = (actor: Actor | null) => ctxFor(world.handle, actor)

describe('price transparency', () => {
  let code: string

  beforeAll(async () => {
    code = (await createServiceItem(as(world.supervisor), newItem({ timeLimitWorkdays: 40 }))).code
    const agencies = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const { organisation } = await signUp(ctxFor(world.handle), buildSignUp({ kind: 'agency' }))
        return organisation.id
      }),
    )
    const [a, b, c, d, paused, suspended] = agencies as [string, ...string[]]
    await world.handle.db
      .update(organisations)
      .set({ suspendedAt: new Date(), verifiedAt: new Date() })
      .where(eq(organisations.id, suspended!))
    await world.handle.db
      .update(organisations)
      .set({ verifiedAt: new Date() })
      .where(eq(organisations.id, c!))
    const offer = (
      agencyId: string,
      kind: 'fixed' | 'range' | 'rule',
      min: number,
      max: number,
      days: number,
    ) => ({
      agencyId,
      serviceItemCode: code,
      feeKind: kind,
      feeMinFen: min,
      feeMaxFen: max,
      feeRule: kind === 'rule' ? '按面积每亩 50 元' : '',
      timeLimitDays: days,
    })
    await world.handle.db.insert(offerings).values([
      offer(a, 'fixed', 100_000, 100_000, 30), // midpoint 100,000
      offer(b!, 'range', 80_000, 120_000, 25), // midpoint 100,000
      offer(c!, 'rule', 50_000, 250_000, 35), // midpoint 150,000
      offer(d!, 'range', 200_000, 300_001, 10), // midpoint 250,000.5
      { ...offer(paused!, 'fixed', 1, 1, 38), pausedAt: new Date() },
      offer(suspended!, 'fixed', 90_000_000, 90_000_000, 5),
    ])
  })

  it('shows min, median of midpoints and max over active offerings of non-suspended agencies', async () => {
    const { figures } = (await getServiceItemDetail(world.handle.db, code))!
    // Midpoints 100,000 / 100,000 / 150,000 / 250,000.5 → median (100,000 + 150,000) / 2.
    expect(figures).toEqual({
      offeringCount: 4,
      feeMinFen: 50_000,
      feeMedianFen: 125_000,
      feeMaxFen: 300_001,
    })
    const listed = (await listServiceItems(world.handle.db)).find((i) => i.code === code)
    expect(listed).toMatchObject(figures)
    const seeded = (await listServiceItems(world.handle.db)).find((i) => i.code === 'SI-010')
    expect(seeded).toMatchObject({ offeringCount: 0, feeMinFen: null, feeMedianFen: null })
  })

  it('lists the same offerings, by fee or by time limit', async () => {
    const byFee = await listItemOfferings(world.handle.db, code)
    expect(byFee.total).toBe(4)
    expect(byFee.offerings.map((o) => o.feeMinFen)).toEqual([50_000, 80_000, 100_000, 200_000])
    expect(byFee.offerings.map((o) => o.verified)).toEqual([true, false, false, false])
    const byTime = await listItemOfferings(world.handle.db, code, { sort: 'time' })
    expect(byTime.offerings.map((o) => o.timeLimitDays)).toEqual([10, 25, 30, 35])
  })

  it('refuses to lower the time limit below what offerings (paused ones too) commit', async () => {
    const item = (await getServiceItem(world.handle.db, code))!
    const fields = fieldsOf(item)
    const errors = await fieldErrorsOf(
      editServiceItem(as(world.supervisor), code, { ...fields, timeLimitWorkdays: 20 }),
    )
    expect(errors).toEqual({ timeLimitWorkdays: [expect.stringContaining('已有 4 个服务报价')] })
    expect((await getServiceItem(world.handle.db, code))!.timeLimitWorkdays).toBe(40)
    await expect(
      editServiceItem(as(world.supervisor), code, { ...fields, timeLimitWorkdays: 37 }),
    ).rejects.toBeInstanceOf(ValidationError)
    await editServiceItem(as(world.supervisor), code, { ...fields, timeLimitWorkdays: 38 })
    expect((await getServiceItem(world.handle.db, code))!.timeLimitWorkdays).toBe(38)
  })
})

describe('public reads', () => {
  it('filters by category and by name or alias', async () => {
    const eco = await listServiceItems(world.handle.db, { category: '生态环境' })
    expect(eco.length).toBeGreaterThan(0)
    expect(eco.every((i) => i.category === '生态环境')).toBe(true)
    const byAlias = await listServiceItems(world.handle.db, { q: '环评报告书' })
    expect(byAlias.map((i) => i.code)).toEqual(['SI-001'])
    expect(await listServiceItems(world.handle.db, { q: '100%_' })).toEqual([])
  })
})

describe("an item's offerings, page by page", () => {
  it('gives the first 20 by fee, then the rest, with the total on each page', async () => {
    const { code } = await createServiceItem(
      as(world.supervisor),
      newItem({ timeLimitWorkdays: 30 }),
    )
    const fees = Array.from({ length: OFFERINGS_PER_PAGE + 3 }, (_, i) => (i + 1) * 10_000)
    const agencyIds = await Promise.all(
      fees.map(async () => {
        const { organisation } = await signUp(ctxFor(world.handle), buildSignUp({ kind: 'agency' }))
        return organisation.id
      }),
    )
    // Stored in reverse, so only the query's order can put them right.
    await world.handle.db.insert(offerings).values(
      fees.toReversed().map((fen, i) => ({
        agencyId: agencyIds[i]!,
        serviceItemCode: code,
        feeKind: 'fixed' as const,
        feeMinFen: fen,
        feeMaxFen: fen,
        timeLimitDays: 20,
      })),
    )
    const first = await listItemOfferings(world.handle.db, code)
    const second = await listItemOfferings(world.handle.db, code, { page: 2 })
    expect(first.total).toBe(fees.length)
    expect(second.total).toBe(fees.length)
    expect(first.offerings.map((o) => o.feeMinFen)).toEqual(fees.slice(0, OFFERINGS_PER_PAGE))
    expect(second.offerings.map((o) => o.feeMinFen)).toEqual(fees.slice(OFFERINGS_PER_PAGE))
  })
})
