import { eq } from 'drizzle-orm'
import { listPublicContracts } from '#models/contract-public.ts'
import type { Database } from '#models/db/client.ts'
import { organisations } from '#models/db/schema.ts'
import { NotFoundError } from '#models/errors.ts'
import { agencyEvaluationSummary } from '#models/evaluation-queries.ts'
import { contractStatusNames } from '#models/rules/contract-states.ts'
import { raterKindNames, scoreDimensionNames } from '#models/rules/evaluations.ts'
import { fundingSourceNames } from '#models/rules/project-states.ts'
import { regionLabel } from '#models/regions.ts'
import { readContractFilters } from '#models/validation/contract-filters.ts'
import { isUuid } from '#models/validation/registry.ts'
import {
  beijingDate,
  beijingTime,
  type CsvColumn,
  csvResponse,
  EXPORT_MAX_ROWS,
  yuan,
} from './csv-export.server.ts'

// Contracts' key terms and agencies' evaluations as CSV, as their public pages show them:
// organisations' names only, never who signed, rated or paid.

const linkTo = (request: Request, path: string) => `${new URL(request.url).origin}${path}`

const score = (value: number | null) => (value == null ? null : value.toFixed(2))

/** GET /contracts.csv?item=&city=&q=&status=&from=&to= — every matching contract. */
export async function exportContractsCsv(db: Database, request: Request) {
  // Like the page: an unreadable filter is dropped, not an error.
  const { query } = readContractFilters(new URL(request.url).searchParams)
  const list = await listPublicContracts(db, { ...query, page: 1, pageSize: EXPORT_MAX_ROWS })
  type Row = (typeof list.rows)[number]
  const columns: CsvColumn<Row>[] = [
    { header: '合同编号', value: (r) => r.number },
    { header: '项目名称', value: (r) => r.projectTitle },
    { header: '服务事项代码', value: (r) => r.serviceItemCode },
    { header: '服务事项', value: (r) => r.serviceItemName },
    { header: '项目地区', value: (r) => regionLabel(r.regionCode) },
    { header: '资金来源', value: (r) => fundingSourceNames[r.funding] },
    { header: '采购人', value: (r) => r.buyerName },
    { header: '承接机构', value: (r) => r.agencyName },
    { header: '中选排名', value: (r) => r.rank },
    { header: '合同状态', value: (r) => contractStatusNames[r.status] },
    { header: '合同金额（元）', value: (r) => yuan(r.amountFen) },
    { header: '服务时限（工作日）', value: (r) => r.timeLimitWorkdays },
    { header: '延长时限（工作日）', value: (r) => r.extendedWorkdays },
    { header: '合同生成日期', value: (r) => beijingDate(r.createdAt) },
    { header: '签约期限', value: (r) => beijingDate(r.signDueAt) },
    { header: '签订日期', value: (r) => beijingDate(r.signedAt) },
    { header: '服务到期日期', value: (r) => r.dueDate },
    { header: '验收日期', value: (r) => beijingDate(r.acceptedAt) },
    { header: '付清日期', value: (r) => beijingDate(r.paidAt) },
    { header: '终止日期', value: (r) => beijingDate(r.endedAt) },
    { header: '终止原因', value: (r) => r.endReason },
    { header: '评价条数', value: (r) => r.evaluationCount },
    { header: '评价得分（5 分制）', value: (r) => score(r.evaluationScore) },
    { header: '中选结果', value: (r) => linkTo(request, `/projects/${r.projectId}/result`) },
  ]
  return csvResponse(
    { name: '中介超市-合同公开', ascii: 'contracts' },
    columns,
    list.rows,
    list.total,
  )
}

/** GET /agencies/:id/evaluations.csv — every rating of one agency, as its profile shows them. */
export async function exportEvaluationsCsv(db: Database, request: Request, agencyId: string) {
  const [agency] = isUuid(agencyId)
    ? await db
        .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
        .from(organisations)
        .where(eq(organisations.id, agencyId))
    : []
  if (!agency || agency.kind !== 'agency') throw new NotFoundError('机构不存在')
  const summary = await agencyEvaluationSummary(db, agency.id, { pageSize: EXPORT_MAX_ROWS })
  type Row = (typeof summary.items)[number]
  const columns: CsvColumn<Row>[] = [
    { header: '评价编号', value: (r) => r.id },
    { header: '评价时间（北京时间）', value: (r) => beijingTime(r.createdAt) },
    { header: '评价方', value: (r) => raterKindNames[r.raterKind] },
    { header: '评价单位', value: (r) => r.raterName },
    { header: '项目', value: (r) => r.projectTitle },
    { header: '服务事项', value: (r) => r.itemName },
    { header: '采购人', value: (r) => r.buyerName },
    { header: scoreDimensionNames.quality, value: (r) => r.scores.quality },
    { header: scoreDimensionNames.timeliness, value: (r) => r.scores.timeliness },
    { header: scoreDimensionNames.attitude, value: (r) => r.scores.attitude },
    { header: scoreDimensionNames.fees, value: (r) => r.scores.fees },
    { header: scoreDimensionNames.conduct, value: (r) => r.scores.conduct },
    { header: '平均分', value: (r) => score(r.mean) },
    {
      header: '评语',
      value: (r) =>
        r.hiddenAt
          ? `（文字内容已被监管部门隐藏，评分保留。理由：${r.hiddenReason ?? ''}）`
          : r.comment,
    },
    { header: '机构回复', value: (r) => r.reply },
    { header: '回复时间（北京时间）', value: (r) => beijingTime(r.repliedAt) },
  ]
  return csvResponse(
    { name: `中介超市-服务评价-${agency.name}`, ascii: `evaluations-${agency.id}` },
    columns,
    summary.items,
    summary.count,
  )
}
