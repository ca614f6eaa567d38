import { and, asc, eq, gte, lt } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { ocdsReleases } from './db/schema-ocds.ts'
import { pageUrl, parseReleaseQuery, recordPackage, releasePackage } from './rules/ocds-package.ts'

/**
 * GET /api/v1/ocds/releases and /api/v1/ocds/records/:ocid (docs/ocds.md): the stored
 * releases, packaged. The routes add the headers; tests call these with their own database.
 */

export interface OcdsAnswer {
  status: number
  body: unknown
}

/** Public data, the same for everyone: any site may read it, caches may keep it a minute. */
export const OCDS_HEADERS = {
  'Cache-Control': 'public, max-age=60',
  'Access-Control-Allow-Origin': '*',
}

const problem = (status: number, error: string): OcdsAnswer => ({ status, body: { error } })

/** A release package of the releases dated in [from, to), in publication order, by page. */
export async function answerReleasePackage(db: Database, url: URL): Promise<OcdsAnswer> {
  const parsed = parseReleaseQuery(url.searchParams)
  if (!parsed.ok) return problem(400, `查询参数有误：${parsed.problems.join('；')}`)
  const { from, to, page, pageSize } = parsed.query
  const rows = await db
    .select({ release: ocdsReleases.release, date: ocdsReleases.date })
    .from(ocdsReleases)
    .where(
      and(
        from ? gte(ocdsReleases.date, from) : undefined,
        to ? lt(ocdsReleases.date, to) : undefined,
      ),
    )
    .orderBy(asc(ocdsReleases.seq))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
  const shown = rows.slice(0, pageSize)
  // The schema wants at least one release in a package: an empty page is not one (docs/ocds.md).
  if (shown.length === 0)
    return problem(
      404,
      page > 1
        ? `第 ${page} 页没有开放数据：已超过最后一页，请按 links.next 翻页`
        : from || to
          ? '该时段没有发布的开放数据'
          : '平台尚未发布开放数据',
    )
  const newest = shown.reduce((max, r) => (max > r.date ? max : r.date), shown[0]!.date)
  const body = releasePackage(
    { uri: url.toString(), origin: url.origin, publishedDate: newest },
    {
      releases: shown.map((r) => r.release),
      next: rows.length > pageSize ? pageUrl(url, page + 1) : null,
      prev: page > 1 ? pageUrl(url, page - 1) : null,
    },
  )
  return { status: 200, body }
}

const OCID = /^ocds-[0-9a-z]{6}-[0-9a-f-]{36}$/i

/** The record of one contracting process: every release, oldest first, and the compiled one. */
export async function answerRecordPackage(
  db: Database,
  url: URL,
  ocid: string,
): Promise<OcdsAnswer> {
  const missing = problem(404, `没有 ocid 为「${ocid.slice(0, 80)}」的开放数据`)
  if (!OCID.test(ocid)) return missing
  const rows = await db
    .select({ release: ocdsReleases.release, date: ocdsReleases.date })
    .from(ocdsReleases)
    .where(eq(ocdsReleases.ocid, ocid))
    .orderBy(asc(ocdsReleases.seq))
  if (rows.length === 0) return missing
  const body = recordPackage(
    { uri: url.toString(), origin: url.origin, publishedDate: rows.at(-1)!.date },
    rows.map((r) => r.release),
  )
  return { status: 200, body }
}
