import { listBlacklist } from '#models/blacklist-queries.ts'
import type { Ctx } from '#models/context.ts'
import type { Database } from '#models/db/client.ts'
import { readDirectoryQuery } from '#models/directory-query.ts'
import {
  getDirectoryFilterOptions,
  listAgencies,
  withoutUnknownFilters,
} from '#models/directory.ts'
import { listProjects } from '#models/project-queries.ts'
import { displayedGrade, gradeNames } from '#models/rules/credit-rules.ts'
import { type CsvCell, csvDocument, csvDownloadHeaders } from '#models/rules/csv.ts'
import {
  fundingSourceNames,
  projectStatusNames,
  selectionMethodNames,
} from '#models/rules/project-states.ts'
import { regionLabel } from '#models/regions.ts'
import { readBlacklistQuery } from '#models/validation/blacklist.ts'
import { readProjectFilters } from '#models/validation/project-filters.ts'

/**
 * CSV exports of the public lists (docs/api.md): the list's own query and filters, every
 * matching row up to EXPORT_MAX_ROWS, as anyone sees it — the session is never read, so one
 * cached copy serves everybody. The loaders pass the database in, so tests call these.
 */

/** More rows than this are cut, and the answer says so in X-Truncated. */
export const EXPORT_MAX_ROWS = 10_000

export interface CsvColumn<T> {
  header: string
  value: (row: T) => CsvCell
}

/** The download: BOM, header row, rows; the total and whether it was cut in the headers. */
export function csvResponse<T>(
  file: { name: string; ascii: string },
  columns: CsvColumn<T>[],
  rows: readonly T[],
  total: number,
) {
  const body = csvDocument([
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => c.value(row))),
  ])
  // server/security-headers.ts already sends nosniff on every answer: not twice.
  const { 'X-Content-Type-Options': _nosniff, ...download } = csvDownloadHeaders(
    file.name,
    file.ascii,
  )
  return new Response(body, {
    headers: {
      ...download,
      'Cache-Control': 'public, max-age=60',
      'Access-Control-Allow-Origin': '*',
      'X-Total-Count': String(total),
      ...(total > rows.length ? { 'X-Truncated': 'true' } : {}),
    },
  })
}

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
})

/** 2026-12-03 10:00:00, Beijing time: what a spreadsheet reads as a date and time. */
export const beijingTime = (value: Date | null) => (value ? beijing.format(value) : null)

/** 2026-12-03 (Beijing). */
export const beijingDate = (value: Date | null) => beijingTime(value)?.slice(0, 10) ?? null

/** 12345.60 — yuan with the fen, no thousands separator, for sums in a spreadsheet. */
export const yuan = (fen: number | null) => (fen == null ? null : (fen / 100).toFixed(2))

export const yesNo = (value: boolean) => (value ? '是' : '否')

const linkTo = (request: Request, path: string) => `${new URL(request.url).origin}${path}`

/** GET /projects.csv — the announcements the /projects page lists, with its filters. */
export async function exportProjectsCsv(db: Database, request: Request) {
  // Like the page: an unreadable filter is dropped, not an error.
  const { query } = readProjectFilters(new URL(request.url).searchParams)
  const list = await listProjects(db, {
    ...query,
    pageSize: EXPORT_MAX_ROWS,
    maxPageSize: EXPORT_MAX_ROWS,
  })
  type Row = (typeof list.rows)[number]
  const columns: CsvColumn<Row>[] = [
    { header: '项目编号', value: (r) => r.id },
    { header: '项目名称', value: (r) => r.title },
    { header: '服务事项代码', value: (r) => r.serviceItemCode },
    { header: '服务事项', value: (r) => r.serviceItemName },
    { header: '采购单位', value: (r) => r.buyerName },
    { header: '项目地区', value: (r) => regionLabel(r.regionCode) },
    { header: '选取方式', value: (r) => selectionMethodNames[r.method] },
    { header: '资金来源', value: (r) => fundingSourceNames[r.funding] },
    { header: '项目状态', value: (r) => projectStatusNames[r.status] },
    { header: '预算上限（元）', value: (r) => yuan(r.budgetCapFen) },
    { header: '发布时间（北京时间）', value: (r) => beijingTime(r.publishedAt) },
    { header: '报价截止（北京时间）', value: (r) => beijingTime(r.deadlineAt) },
    { header: '中选机构', value: (r) => r.winnerName },
    { header: '中选金额（元）', value: (r) => yuan(r.awardedPriceFen) },
    { header: '公告链接', value: (r) => linkTo(request, `/projects/${r.id}`) },
  ]
  return csvResponse(
    { name: '中介超市-采购公告', ascii: 'projects' },
    columns,
    list.rows,
    list.total,
  )
}

/** GET /agencies.csv — the directory with its filters and order (listed agencies only). */
export async function exportAgenciesCsv(db: Database, request: Request) {
  const ctx: Ctx = { db, actor: null }
  const query = withoutUnknownFilters(
    readDirectoryQuery(new URL(request.url).searchParams),
    await getDirectoryFilterOptions(ctx),
  )
  const { entries, total } = await listAgencies(ctx, query, 1, EXPORT_MAX_ROWS)
  type Row = (typeof entries)[number]
  const columns: CsvColumn<Row>[] = [
    { header: '机构编号', value: (r) => r.id },
    { header: '机构名称', value: (r) => r.name },
    { header: '所在地区', value: (r) => r.regionLabel },
    { header: '已核验', value: (r) => yesNo(r.verifiedAt != null) },
    { header: '信息存疑（监管标注）', value: (r) => yesNo(r.flagged) },
    {
      header: '信用等级',
      value: (r) => gradeNames[displayedGrade(r.creditGrade, r.blacklisted)],
    },
    { header: '信用分', value: (r) => r.creditScore },
    { header: '列入失信名单', value: (r) => yesNo(r.blacklisted) },
    { header: '服务事项数', value: (r) => r.offeringCount },
    {
      header: '服务事项（前三项）',
      value: (r) => r.itemNames.join('、') + (r.offeringCount > r.itemNames.length ? ' 等' : ''),
    },
    { header: '机构主页', value: (r) => linkTo(request, `/agencies/${r.id}`) },
  ]
  return csvResponse({ name: '中介超市-中介机构', ascii: 'agencies' }, columns, entries, total)
}

/** GET /blacklist.csv?tab=&q= — one tab of the public blacklist, by name. */
export async function exportBlacklistCsv(db: Database, request: Request) {
  const query = { ...readBlacklistQuery(new URL(request.url).searchParams), page: 1 }
  const list = await listBlacklist(db, query, EXPORT_MAX_ROWS)
  const agencyLink = (id: string) => linkTo(request, `/agencies/${id}/credit`)
  if (query.tab === 'exits') {
    type Exit = (typeof list.exits)[number]
    const columns: CsvColumn<Exit>[] = [
      { header: '机构名称', value: (r) => r.agencyName },
      { header: '统一社会信用代码', value: (r) => r.uscc },
      { header: '清退理由', value: (r) => r.reason },
      { header: '清退日期', value: (r) => beijingDate(r.exitedAt) },
      { header: '不得重新注册至', value: (r) => beijingDate(r.until) },
      { header: '信用记录', value: (r) => agencyLink(r.agencyId) },
    ]
    return csvResponse(
      { name: '中介超市-清退出市场', ascii: 'market-exits' },
      columns,
      list.exits,
      list.total,
    )
  }
  type Entry = (typeof list.entries)[number]
  const columns: CsvColumn<Entry>[] = [
    { header: '机构名称', value: (r) => r.agencyName },
    { header: '统一社会信用代码', value: (r) => r.uscc },
    { header: '依据', value: (r) => r.ruleName },
    { header: '理由', value: (r) => r.reason },
    { header: '列入日期', value: (r) => beijingDate(r.startsAt) },
    { header: '期满日期', value: (r) => beijingDate(r.endsAt) },
    { header: '提前移出日期', value: (r) => beijingDate(r.liftedAt) },
    { header: '移出理由', value: (r) => r.liftReason },
    { header: '信用记录', value: (r) => agencyLink(r.agencyId) },
  ]
  return csvResponse(
    query.tab === 'ended'
      ? { name: '中介超市-失信名单（已结束）', ascii: 'blacklist-ended' }
      : { name: '中介超市-失信名单', ascii: 'blacklist' },
    columns,
    list.entries,
    list.total,
  )
}
