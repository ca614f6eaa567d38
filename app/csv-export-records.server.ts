import { listPublicComplaints } from '#models/complaint-queries.ts'
import { getAgencyCreditPage } from '#models/credit-queries.ts'
import type { Database } from '#models/db/client.ts'
import { listPublicPlans } from '#models/inspections-queries.ts'
import { appealRulingNames } from '#models/validation/credit-findings.ts'
import {
  complaintOutcomeNames,
  complaintTargetNames,
  outcomeFilter,
} from '#models/validation/complaints.ts'
import { inspectionPlanStatusNames } from '#models/validation/inspections.ts'
import { recordWhyNames, sourceName } from './components/credit/credit-labels.ts'
import { populationSummary } from './components/inspections/inspection-labels.ts'
import {
  beijingTime,
  beijingDate,
  type CsvColumn,
  csvResponse,
  EXPORT_MAX_ROWS,
  yesNo,
} from './csv-export.server.ts'

// The supervision records' CSV exports: complaints answered, inspection plans, and one
// agency's credit records — each as its public page shows it, never who complained.

const linkTo = (request: Request, path: string) => `${new URL(request.url).origin}${path}`

/** GET /complaints.csv?outcome= — answered complaints, newest answer first. */
export async function exportComplaintsCsv(db: Database, request: Request) {
  const outcome = outcomeFilter(new URL(request.url).searchParams.get('outcome'))
  const list = await listPublicComplaints(db, { outcome, page: 1, pageSize: EXPORT_MAX_ROWS })
  type Row = (typeof list.complaints)[number]
  const columns: CsvColumn<Row>[] = [
    { header: '投诉编号', value: (r) => r.id },
    { header: '投诉事项', value: (r) => r.subject },
    { header: '投诉对象类型', value: (r) => complaintTargetNames[r.targetType] },
    { header: '投诉对象', value: (r) => r.projectTitle ?? r.targetName },
    { header: '提交时间（北京时间）', value: (r) => beijingTime(r.filedAt) },
    { header: '答复期限（北京时间）', value: (r) => beijingTime(r.answerDueAt) },
    { header: '答复时间（北京时间）', value: (r) => beijingTime(r.answeredAt) },
    { header: '逾期答复', value: (r) => yesNo(r.late) },
    { header: '处理结果', value: (r) => (r.outcome ? complaintOutcomeNames[r.outcome] : null) },
    { header: '答复', value: (r) => r.answer },
    {
      header: '信用记录',
      value: (r) =>
        r.recordId && r.recordAgencyId
          ? linkTo(request, `/agencies/${r.recordAgencyId}/credit#record-${r.recordId}`)
          : null,
    },
  ]
  return csvResponse(
    { name: '中介超市-投诉处理结果', ascii: 'complaints' },
    columns,
    list.complaints,
    list.total,
  )
}

/** GET /inspections.csv — every 双随机 plan with its tally of results. */
export async function exportInspectionsCsv(db: Database, request: Request) {
  const plans = await listPublicPlans(db)
  const shown = plans.slice(0, EXPORT_MAX_ROWS)
  type Row = (typeof plans)[number]
  const drawn = (r: Row, count: number) => (r.drawnAt ? count : null)
  const columns: CsvColumn<Row>[] = [
    { header: '计划编号', value: (r) => r.id },
    { header: '抽查计划', value: (r) => r.title },
    { header: '抽查范围', value: (r) => populationSummary(r.population) },
    { header: '按信用等级加权', value: (r) => yesNo(r.riskWeighted) },
    { header: '计划抽查数量', value: (r) => r.sampleSize },
    { header: '状态', value: (r) => inspectionPlanStatusNames[r.status] },
    { header: '创建时间（北京时间）', value: (r) => beijingTime(r.createdAt) },
    { header: '抽取时间（北京时间）', value: (r) => beijingTime(r.drawnAt) },
    { header: '抽中机构数', value: (r) => drawn(r, r.tasks) },
    { header: '已检查', value: (r) => drawn(r, r.recorded) },
    { header: '未发现问题', value: (r) => drawn(r, r.compliant) },
    { header: '一般问题', value: (r) => drawn(r, r.minor) },
    { header: '严重问题', value: (r) => drawn(r, r.serious) },
    { header: '抽查记录', value: (r) => linkTo(request, `/inspections/${r.id}`) },
  ]
  return csvResponse(
    { name: '中介超市-双随机抽查', ascii: 'inspections' },
    columns,
    shown,
    plans.length,
  )
}

/** GET /agencies/:id/credit.csv — every credit record of one agency, as the public reads it. */
export async function exportCreditRecordsCsv(db: Database, request: Request, agencyId: string) {
  // Throws NotFoundError for an unknown agency; the route answers 404.
  const page = await getAgencyCreditPage({ db, actor: null }, agencyId, {
    page: 1,
    pageSize: EXPORT_MAX_ROWS,
  })
  type Row = (typeof page.records)[number]
  const lastAppeal = (r: Row) => r.appeals.at(-1)
  const columns: CsvColumn<Row>[] = [
    { header: '记录编号', value: (r) => r.id },
    { header: '发生时间（北京时间）', value: (r) => beijingTime(r.occurredAt) },
    { header: '规则', value: (r) => r.ruleName },
    { header: '分值', value: (r) => r.points },
    { header: '计入分值', value: (r) => r.counted },
    { header: '计分状态', value: (r) => recordWhyNames[r.why] },
    { header: '来源', value: (r) => sourceName(r.sourceType) },
    { header: '项目', value: (r) => r.projectTitle },
    { header: '事实摘要', value: (r) => r.summary },
    { header: '生效时间（北京时间）', value: (r) => beijingTime(r.effectiveAt) },
    { header: '有效期至', value: (r) => beijingDate(r.expiresAt) },
    { header: '机构陈述意见', value: (r) => r.reply },
    { header: '监管部门决定理由', value: (r) => r.decisionReason },
    { header: '申诉次数', value: (r) => r.appeals.length },
    {
      header: '最近申诉裁决',
      value: (r) => {
        const appeal = lastAppeal(r)
        if (!appeal) return null
        return appeal.decision ? appealRulingNames[appeal.decision] : '待裁决'
      },
    },
    { header: '撤销或撤回理由', value: (r) => r.endReason },
  ]
  const name = `中介超市-信用记录-${page.agency.name}`
  return csvResponse(
    { name, ascii: `credit-records-${page.agency.id}` },
    columns,
    page.records,
    page.total,
  )
}
