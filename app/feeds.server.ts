import { platformNow } from '#models/clock.ts'
import type { Database } from '#models/db/client.ts'
import { type AtomEntry, renderAtom, tagUri } from '#models/feeds-atom.ts'
import {
  type FeedAnnouncement,
  type FeedResult,
  listAnnouncementsForFeed,
  listResultsForFeed,
  type ResultKind,
  serviceItemName,
} from '#models/feeds.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { selectionMethodNames } from '#models/rules/project-states.ts'
import { formatShanghaiDateTime } from '#models/rules/shanghai-time.ts'
import { cityNameOfCityCode, regionLabel } from '#models/regions.ts'
import { readProjectFilters } from '#models/validation/project-filters.ts'

/**
 * GET /feeds/announcements.atom and /feeds/results.atom?item=&region= (docs/api.md). The
 * loaders pass the database in, so tests call these with their own.
 */

// The year in every tag: URI. Changing it would make every reader see every entry again.
const TAG_DATE = '2026'

const headers = {
  'Content-Type': 'application/atom+xml; charset=utf-8',
  'Cache-Control': 'public, max-age=60',
  'Access-Control-Allow-Origin': '*',
}

const resultTitles: Record<ResultKind, string> = {
  'project.awarded': '中选结果',
  'project.failed': '流标',
  'project.cancelled': '项目撤销',
}

type FeedName = 'announcements' | 'results'

const feedTitles: Record<FeedName, string> = {
  announcements: '采购公告',
  results: '中选、流标和撤销结果',
}

/** item and region (or city, as /projects names it) only; a bad value is a 400. */
function readFeedFilters(url: URL) {
  const params = new URLSearchParams()
  const item = url.searchParams.get('item')
  const region = url.searchParams.get('region') || url.searchParams.get('city')
  if (item) params.set('item', item)
  if (region) params.set('region', region)
  const { query, problems } = readProjectFilters(params)
  return { filters: { item: query.item, city: query.city }, params, problems }
}

const summaryOf = (parts: (string | null)[]) => parts.filter(Boolean).join(' · ')

function announcementEntry(url: URL, row: FeedAnnouncement): AtomEntry {
  return {
    id: tagUri(url.host, TAG_DATE, `projects/${row.id}/announcement`),
    title: row.title,
    updated: row.publishedAt!,
    published: row.publishedAt!,
    link: `${url.origin}/projects/${row.id}`,
    author: row.buyerName,
    categories: [
      { term: row.serviceItemCode, label: row.serviceItemName },
      { term: row.method, label: selectionMethodNames[row.method] },
    ],
    summary: summaryOf([
      `${row.serviceItemName}（${row.serviceItemCode}）`,
      regionLabel(row.regionCode),
      `最高限价 ${formatFenExact(row.budgetCapFen)}`,
      selectionMethodNames[row.method],
      `截止 ${formatShanghaiDateTime(row.deadlineAt)}（北京时间）`,
    ]),
  }
}

function resultEntry(url: URL, row: FeedResult): AtomEntry {
  return {
    id: tagUri(url.host, TAG_DATE, `projects/${row.projectId}/events/${row.eventId}`),
    title: `${resultTitles[row.kind]}：${row.title}`,
    updated: row.occurredAt,
    link: `${url.origin}/projects/${row.projectId}`,
    author: row.buyerName,
    categories: [
      { term: row.serviceItemCode, label: row.serviceItemName },
      { term: row.kind.replace('project.', ''), label: resultTitles[row.kind] },
    ],
    summary: summaryOf([
      row.summary,
      `${row.serviceItemName}（${row.serviceItemCode}）`,
      regionLabel(row.regionCode),
      `最高限价 ${formatFenExact(row.budgetCapFen)}`,
      selectionMethodNames[row.method],
    ]),
  }
}

/** 「环境影响报告表编制 · 濮阳市」 for a filtered feed's title. */
async function filterLabel(db: Database, filters: { item?: string; city?: string }) {
  const parts: string[] = []
  if (filters.item) parts.push((await serviceItemName(db, filters.item)) ?? filters.item)
  if (filters.city) parts.push(cityNameOfCityCode(filters.city) ?? filters.city)
  return parts.length > 0 ? `（${parts.join(' · ')}）` : ''
}

async function answerFeed(db: Database, request: Request, name: FeedName) {
  const url = new URL(request.url)
  const { filters, params, problems } = readFeedFilters(url)
  if (problems.length > 0)
    return new Response(`查询参数有误：${problems.join('；')}`, {
      status: 400,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    })
  const entries =
    name === 'announcements'
      ? (await listAnnouncementsForFeed(db, filters)).map((row) => announcementEntry(url, row))
      : (await listResultsForFeed(db, filters)).map((row) => resultEntry(url, row))
  const query = params.toString() ? `?${params}` : ''
  const updated = entries.reduce<Date | null>(
    (latest, e) => (!latest || e.updated > latest ? e.updated : latest),
    null,
  )
  const xml = renderAtom({
    id: tagUri(url.host, TAG_DATE, `feeds/${name}${query}`),
    title: `中介超市 · ${feedTitles[name]}${await filterLabel(db, filters)}`,
    subtitle:
      name === 'announcements'
        ? '新发布的中介服务采购公告，最新 50 条。'
        : '项目的中选、流标和撤销，最新 50 条。',
    updated: updated ?? (await platformNow(db)),
    selfLink: `${url.origin}/feeds/${name}.atom${query}`,
    alternateLink: `${url.origin}/projects${query}`,
    entries,
  })
  return new Response(xml, {
    headers: updated ? { ...headers, 'Last-Modified': updated.toUTCString() } : headers,
  })
}

export const answerAnnouncementsFeed = (db: Database, request: Request) =>
  answerFeed(db, request, 'announcements')

export const answerResultsFeed = (db: Database, request: Request) =>
  answerFeed(db, request, 'results')
