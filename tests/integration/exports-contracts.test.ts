import { beforeAll, describe, expect, it } from 'vitest'
import { exportContractsCsv, exportEvaluationsCsv } from '../../app/csv-export-contracts.server.ts'
import { platformNow } from '../../models/clock.ts'
import { listPublicContracts } from '../../models/contract-public.ts'
import { offerToNextRanked, refuseContract, signContract } from '../../models/contract-signing.ts'
import type { Contract } from '../../models/contracts.ts'
import type { Database } from '../../models/db/client.ts'
import { NotFoundError } from '../../models/errors.ts'
import { rateContract } from '../../models/evaluations.ts'
import { recordBudgetPayment } from '../../models/payments.ts'
import { WHOLE_CONTRACT } from '../../models/rules/payments.ts'
import { beijingDate } from '../../app/csv-export.server.ts'
import { awardedContract, contractRow, signedContract } from './contract-fixture.ts'
import { BASE, download } from './exports-csv.ts'
import { deliverAndAccept } from './payment-fixture.ts'
import { as, ITEM, setUpProcedures } from './procedure-fixture.ts'

// Issue #8: contracts' key terms (/contracts.csv) and an agency's evaluations
// (/agencies/:id/evaluations.csv) as CSV, with the public list's filters.

const world = setUpProcedures(4)
const REFUSAL = '项目负责人离职，无法按期履约'
const COMMENT = '报告质量高，按期完成。'
const VOUCHER = 'PZ-2026-0815'
const BUDGET_LINE = '2026-环保-专项-15'

let refused: Contract
let passedOn: Contract
let finished: Contract
let pending: Contract

const contractsCsv = (path: string) => download(world.handle.db, exportContractsCsv, path)

beforeAll(async () => {
  const buyer = world.department
  // Refused by the winner, signed by the runner-up at its own price.
  const first = await awardedContract(world, buyer)
  await refuseContract(as(world, first.winner), first.contract.id, REFUSAL)
  const next = await offerToNextRanked(as(world, buyer), first.projectId)
  await signContract(as(world, first.runnerUp), next.id)
  await signContract(as(world, buyer), next.id)
  refused = await contractRow(world, first.contract.id)
  passedOn = await contractRow(world, next.id)
  // In 郑州: delivered, accepted, paid in full and rated.
  const done = await signedContract(world, buyer, {
    regionCode: '410102',
    location: '郑州市中原区',
  })
  await deliverAndAccept(world, buyer, done.winner, done.contract.id)
  await recordBudgetPayment(as(world, buyer), done.contract.id, {
    target: WHOLE_CONTRACT,
    voucherNumber: VOUCHER,
    paidOn: beijingDate(await platformNow(world.handle.db))!,
    amountFen: done.contract.amountFen,
    budgetLine: BUDGET_LINE,
  })
  await rateContract(as(world, buyer), done.contract.id, {
    quality: 5,
    timeliness: 4,
    attitude: 5,
    fees: 4,
    conduct: 5,
    comment: COMMENT,
  })
  finished = await contractRow(world, done.contract.id)
  // An enterprise's, still waiting for signatures.
  pending = (await awardedContract(world, world.enterprise)).contract
})

describe('contract exports', () => {
  it('/contracts.csv: every contract, newest first, with its key terms in Chinese columns', async () => {
    const { answer, header, rows, text } = await contractsCsv('/contracts.csv')
    expect(answer.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(answer.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(answer.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="contracts\.csv"; filename\*=UTF-8''/,
    )
    expect(answer.headers.get('X-Total-Count')).toBe('4')
    expect(header).toEqual([
      '合同编号',
      '项目名称',
      '服务事项代码',
      '服务事项',
      '项目地区',
      '资金来源',
      '采购人',
      '承接机构',
      '中选排名',
      '合同状态',
      '合同金额（元）',
      '服务时限（工作日）',
      '延长时限（工作日）',
      '合同生成日期',
      '签约期限',
      '签订日期',
      '服务到期日期',
      '验收日期',
      '付清日期',
      '终止日期',
      '终止原因',
      '评价条数',
      '评价得分（5 分制）',
      '中选结果',
    ])
    expect(rows.map((r) => r['合同编号'])).toEqual(
      [pending, finished, passedOn, refused].map((c) => c.number),
    )
    const [p, f, n, r] = rows
    expect(f).toMatchObject({
      服务事项代码: ITEM,
      项目地区: '河南省 郑州市 中原区',
      资金来源: '财政资金',
      采购人: world.department.organisationName,
      承接机构: world.agencies[0]!.organisationName,
      中选排名: '1',
      合同状态: '已验收',
      '合同金额（元）': '40000.00',
      '服务时限（工作日）': '15',
      '延长时限（工作日）': '0',
      签订日期: beijingDate(finished.startedAt),
      服务到期日期: finished.dueDate,
      验收日期: beijingDate(finished.acceptedAt),
      付清日期: beijingDate(finished.paidAt),
      评价条数: '1',
      '评价得分（5 分制）': '4.60',
      中选结果: `${BASE}/projects/${finished.projectId}/result`,
    })
    expect(f!['付清日期']).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(n).toMatchObject({
      承接机构: world.agencies[1]!.organisationName,
      中选排名: '2',
      合同状态: '服务中',
      '合同金额（元）': '45000.00',
      验收日期: '',
      付清日期: '',
    })
    expect(r).toMatchObject({
      承接机构: world.agencies[0]!.organisationName,
      合同状态: '中选机构拒签',
      签订日期: '',
      终止日期: beijingDate(refused.endedAt),
      终止原因: REFUSAL,
    })
    expect(p).toMatchObject({
      采购人: world.enterprise.organisationName,
      资金来源: '自有资金',
      合同状态: '待签约',
      签约期限: beijingDate(pending.signDueAt),
      签订日期: '',
    })
    // Organisations only: no person who signed or rated, no voucher or budget line.
    for (const hidden of [
      world.department.name,
      world.enterprise.name,
      ...world.agencies.map((a) => a.name),
      VOUCHER,
      BUDGET_LINE,
    ])
      expect(text).not.toContain(hidden)
  })

  it('/contracts.csv: the page filters — item, region, name, status, period — and bad ones dropped', async () => {
    const numbers = async (query: string) =>
      (await contractsCsv(`/contracts.csv${query}`)).rows.map((r) => r['合同编号'])
    expect(await numbers('?city=4101')).toEqual([finished.number])
    expect(await numbers('?region=410102')).toEqual([finished.number])
    expect(await numbers(`?item=${ITEM}`)).toHaveLength(4)
    expect(await numbers('?item=SI-003')).toEqual([])
    const enterprise = encodeURIComponent(world.enterprise.organisationName!)
    expect(await numbers(`?q=${enterprise}`)).toEqual([pending.number])
    const runnerUp = encodeURIComponent(world.agencies[1]!.organisationName!)
    expect(await numbers(`?q=${runnerUp}`)).toEqual([passedOn.number])
    expect(await numbers('?q=%25')).toEqual([])
    expect(await numbers('?status=refused')).toEqual([refused.number])
    // The period reads the day each contract was drawn up, in Beijing time, both ends included.
    const day = beijingDate(finished.createdAt)!
    const drawnUp = [pending, finished, passedOn, refused].filter(
      (c) => beijingDate(c.createdAt) === day,
    )
    expect(await numbers(`?from=${day}&to=${day}`)).toEqual(drawnUp.map((c) => c.number))
    expect(await numbers('?to=2020-01-01')).toEqual([])
    expect(await numbers('?status=open&from=2026-02-30&city=x')).toHaveLength(4)
  })

  it('the list pages 20 at a time and sums what was bought, refusals left out', async () => {
    const list = await listPublicContracts(world.handle.db, { page: 9, pageSize: 3 })
    expect(list).toMatchObject({ total: 4, page: 2, pageCount: 2 })
    expect(list.rows.map((r) => r.number)).toEqual([refused.number])
    expect(list.amountFen).toBe(4_000_000 + 4_000_000 + 4_500_000)
    const first = await listPublicContracts(world.handle.db, {})
    expect(first.pageSize).toBe(20)
    expect(first.rows.find((r) => r.id === finished.id)).toMatchObject({
      evaluationCount: 1,
      evaluationScore: 4.6,
    })
  })

  it('/agencies/:id/evaluations.csv: every rating, by organisation, and 404 for a non-agency', async () => {
    const agency = world.agencies[0]!
    const run = (db: Database, request: Request) =>
      exportEvaluationsCsv(db, request, agency.organisationId!)
    const { answer, header, rows, text } = await download(
      world.handle.db,
      run,
      `/agencies/${agency.organisationId}/evaluations.csv`,
    )
    expect(decodeURIComponent(answer.headers.get('Content-Disposition')!)).toContain(
      `服务评价-${agency.organisationName}.csv`,
    )
    expect(header).toEqual([
      '评价编号',
      '评价时间（北京时间）',
      '评价方',
      '评价单位',
      '项目',
      '服务事项',
      '采购人',
      '服务质量',
      '服务时效',
      '服务态度',
      '收费合理',
      '执业规范',
      '平均分',
      '评语',
      '机构回复',
      '回复时间（北京时间）',
    ])
    expect(rows).toEqual([
      expect.objectContaining({
        评价方: '采购人',
        评价单位: world.department.organisationName,
        采购人: world.department.organisationName,
        服务质量: '5',
        服务时效: '4',
        平均分: '4.60',
        评语: COMMENT,
      }),
    ])
    expect(text).not.toContain(world.department.name)
    for (const id of [world.department.organisationId!, 'not-an-id'])
      await expect(
        exportEvaluationsCsv(world.handle.db, new Request(BASE), id),
      ).rejects.toBeInstanceOf(NotFoundError)
  })
})
