import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  exportAgenciesCsv,
  exportBlacklistCsv,
  exportProjectsCsv,
  csvResponse,
} from '../../app/csv-export.server.ts'
import {
  exportComplaintsCsv,
  exportCreditRecordsCsv,
  exportInspectionsCsv,
} from '../../app/csv-export-records.server.ts'
import type { Database } from '../../models/db/client.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { organisations } from '../../models/db/schema.ts'
import { NotFoundError } from '../../models/errors.ts'
import { fakeUscc } from '../../seed/factories.ts'
import { BASE, download as readExport, type Export } from './exports-csv.ts'
import { addPublicRecords, type PublicRecords } from './exports-world.ts'
import { bid, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(6)
const BULK_ITEM = 'SI-003'
const TRICKY_TITLE = '=SUM(A1) 含逗号,引号"和\n换行的项目'

let records: PublicRecords
let awarded = ''
let tricky = ''
const bulk: string[] = []

/** The download as a spreadsheet reads it, from this file's world. */
const download = (run: Export, path: string) => readExport(world.handle.db, run, path)

beforeAll(async () => {
  const buyer = world.department
  const [a, b, c] = world.agencies
  awarded = await publishedProject(world, buyer)
  for (const [n, agency] of [a, b, c].entries())
    await bid(world, agency!, awarded, 30_000 + n * 1000)
  tricky = await publishedProject(world, buyer, { title: TRICKY_TITLE, regionCode: '410102' })
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, tricky))
  await passTime(world, row!.deadlineAt)
  for (let n = 0; n < 101; n++)
    bulk.push(await publishedProject(world, buyer, { serviceItemCode: BULK_ITEM }))
  records = await addPublicRecords(world, {
    agencies: world.agencies.slice(1),
    complainant: world.enterprise,
    project: awarded,
  })
  // More agencies than a page of the directory shows (20), straight into the table.
  await world.handle.db.insert(organisations).values(
    Array.from({ length: 25 }, (_, n) => ({
      kind: 'agency' as const,
      name: `导出测试机构${String(n).padStart(2, '0')}咨询有限公司`,
      uscc: fakeUscc(),
    })),
  )
})

describe('CSV exports', () => {
  it('/projects.csv: every match, not just a page; UTF-8 with BOM, RFC 4180, headers', async () => {
    const { answer, header, rows } = await download(
      exportProjectsCsv,
      `/projects.csv?item=${BULK_ITEM}&page=3`,
    )
    expect(answer.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(answer.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(answer.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="projects\.csv"; filename\*=UTF-8''/,
    )
    expect(answer.headers.get('X-Total-Count')).toBe('101')
    expect(answer.headers.get('X-Truncated')).toBeNull()
    expect(header).toEqual([
      '项目编号',
      '项目名称',
      '服务事项代码',
      '服务事项',
      '采购单位',
      '项目地区',
      '选取方式',
      '资金来源',
      '项目状态',
      '预算上限（元）',
      '发布时间（北京时间）',
      '报价截止（北京时间）',
      '中选机构',
      '中选金额（元）',
      '公告链接',
    ])
    expect(rows.map((r) => r['项目编号'])).toEqual([...bulk].reverse())
    expect(rows[0]).toMatchObject({
      服务事项代码: BULK_ITEM,
      采购单位: world.department.organisationName,
      项目状态: '公告中',
      '预算上限（元）': '50000.00',
      公告链接: `${BASE}/projects/${bulk.at(-1)}`,
    })
    expect(rows[0]!['发布时间（北京时间）']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  it('/projects.csv: the page filters, awards, and awkward text read back exactly', async () => {
    const { rows } = await download(exportProjectsCsv, '/projects.csv?status=awarded')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      项目编号: awarded,
      '中选金额（元）': '30000.00',
      项目状态: '已中选',
    })
    expect(rows[0]!['中选机构']).toBe(world.agencies[0]!.organisationName)
    const byCity = await download(exportProjectsCsv, '/projects.csv?city=4101')
    expect(byCity.rows.map((r) => r['项目编号'])).toEqual([tricky])
    // Excel would run =SUM(…) as a formula: the helper writes it as text.
    expect(byCity.rows[0]!['项目名称']).toBe(`'${TRICKY_TITLE}`)
    expect(byCity.rows[0]!['项目状态']).toBe('流标')
    // An unreadable filter is dropped, as on the page.
    const all = await download(exportProjectsCsv, '/projects.csv?status=open&method=x')
    expect(all.rows).toHaveLength(103)
  })

  it('/agencies.csv: the listed directory, past one page, filters kept', async () => {
    const { rows, header } = await download(exportAgenciesCsv, '/agencies.csv')
    expect(header).toContain('信用等级')
    const names = rows.map((r) => r['机构名称'])
    expect(names).not.toContain(records.exited.organisationName)
    expect(names).toContain(records.blacklisted.organisationName)
    expect(rows).toHaveLength(5 + 25)
    const found = await download(
      exportAgenciesCsv,
      `/agencies.csv?q=${encodeURIComponent('导出测试机构')}&sort=name`,
    )
    expect(found.rows.map((r) => r['机构名称'])).toEqual(
      Array.from({ length: 25 }, (_, n) => `导出测试机构${String(n).padStart(2, '0')}咨询有限公司`),
    )
    const blacklisted = rows.find((r) => r['机构名称'] === records.blacklisted.organisationName)!
    expect(blacklisted['列入失信名单']).toBe('是')
  })

  it('/blacklist.csv: each tab with its own columns', async () => {
    const current = await download(exportBlacklistCsv, '/blacklist.csv')
    const currentNames = current.rows.map((r) => r['机构名称'])
    expect(currentNames).toContain(records.blacklisted.organisationName)
    expect(currentNames).not.toContain(records.lifted.organisationName)
    const entry = current.rows.find((r) => r['机构名称'] === records.blacklisted.organisationName)!
    expect(entry).toMatchObject({ 理由: '提供虚假业绩材料，情节严重。', 依据: '监管部门决定' })
    expect(entry['期满日期']).toMatch(/^\d{4}-\d\d-\d\d$/)
    const ended = await download(exportBlacklistCsv, '/blacklist.csv?tab=ended&page=9')
    expect(ended.rows).toEqual([
      expect.objectContaining({
        机构名称: records.lifted.organisationName,
        移出理由: '原认定经复核撤销。',
      }),
    ])
    const exits = await download(exportBlacklistCsv, '/blacklist.csv?tab=exits')
    expect(exits.header).toContain('不得重新注册至')
    expect(exits.rows.map((r) => r['机构名称'])).toEqual([records.exited.organisationName])
    const q = encodeURIComponent(records.blacklisted.organisationName!)
    const byName = await download(exportBlacklistCsv, `/blacklist.csv?q=${q}`)
    expect(byName.rows.map((r) => r['机构名称'])).toEqual([records.blacklisted.organisationName])
  })

  it('/complaints.csv: answered complaints only, never who complained or their grounds', async () => {
    const { rows, text } = await download(exportComplaintsCsv, '/complaints.csv')
    expect(rows.map((r) => r['投诉事项']).sort()).toEqual([...records.answeredSubjects].sort())
    for (const hidden of [
      records.openSubject,
      records.grounds,
      world.enterprise.organisationName!,
      world.enterprise.name,
    ])
      expect(text).not.toContain(hidden)
    const substantiated = await download(
      exportComplaintsCsv,
      '/complaints.csv?outcome=substantiated',
    )
    expect(substantiated.rows).toHaveLength(1)
    expect(substantiated.rows[0]!['信用记录']).toMatch(
      new RegExp(`^${BASE}/agencies/${records.findingAgency.organisationId}/credit#record-`),
    )
  })

  it('/inspections.csv and /agencies/:id/credit.csv', async () => {
    const plans = await download(exportInspectionsCsv, '/inspections.csv')
    expect(plans.rows).toEqual([
      expect.objectContaining({
        计划编号: records.planId,
        抽中机构数: '2',
        已检查: '1',
        未发现问题: '1',
      }),
    ])
    const agencyId = records.findingAgency.organisationId!
    const credit = (db: Database, request: Request) => exportCreditRecordsCsv(db, request, agencyId)
    const { rows, answer } = await download(credit, `/agencies/${agencyId}/credit.csv`)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ 来源: '投诉查处', 机构陈述意见: records.reply, 计入分值: '0' })
    expect(Number(rows[0]!['分值'])).toBeLessThan(0)
    expect(decodeURIComponent(answer.headers.get('Content-Disposition')!)).toContain(
      `信用记录-${records.findingAgency.organisationName}.csv`,
    )
    await expect(
      exportCreditRecordsCsv(world.handle.db, new Request(BASE), world.department.organisationId!),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('says when rows were cut at the cap', async () => {
    const columns = [{ header: 'n', value: (n: number) => n }]
    const cut = csvResponse({ name: '测试', ascii: 'test' }, columns, [1, 2], 5)
    expect(cut.headers.get('X-Truncated')).toBe('true')
    expect(cut.headers.get('X-Total-Count')).toBe('5')
    const bytes = new Uint8Array(await cut.arrayBuffer())
    expect(Buffer.from(bytes).toString('hex')).toBe(
      Buffer.from('\uFEFFn\r\n1\r\n2\r\n').toString('hex'),
    )
    const whole = csvResponse({ name: '测试', ascii: 'test' }, columns, [1, 2], 2)
    expect(whole.headers.get('X-Truncated')).toBeNull()
  })
})
