import type { OcdsRelease } from './ocds-types.ts'

/** OCDS release and record packages, and the query of GET /api/v1/ocds/releases. */

export const OCDS_VERSION = '1.1'
export const DEFAULT_OCID_PREFIX = 'ocds-zjcs00'
export const PUBLISHER_NAME = '中介超市（中介服务网上交易平台）'
export const RELEASES_PAGE_SIZE = 100
const MAX_PAGE = 100_000

/** A registered prefix is `ocds-` and six lower-case letters or digits. */
export const OCID_PREFIX_PATTERN = /^ocds-[0-9a-z]{6}$/

export const EXTENSION_PATH = '/api/v1/ocds/extension'

/** The extensions our releases use; the first three are the Open Contracting Partnership's. */
export function ocdsExtensions(origin: string, paginated: boolean): string[] {
  const ocp = 'https://raw.githubusercontent.com/open-contracting-extensions'
  return [
    `${ocp}/ocds_bid_extension/v1.1.5/extension.json`,
    `${ocp}/ocds_enquiry_extension/v1.1.5/extension.json`,
    ...(paginated ? [`${ocp}/ocds_pagination_extension/master/extension.json`] : []),
    `${origin}${EXTENSION_PATH}/extension.json`,
  ]
}

export interface PackageMeta {
  uri: string
  origin: string
  /** When the newest release in the package was published; now for an empty one. */
  publishedDate: Date
}

export interface ReleasePage {
  releases: OcdsRelease[]
  next: string | null
  prev: string | null
}

export function releasePackage(meta: PackageMeta, page: ReleasePage) {
  const links = { next: page.next ?? undefined, prev: page.prev ?? undefined }
  return {
    uri: meta.uri,
    version: OCDS_VERSION,
    extensions: ocdsExtensions(meta.origin, true),
    publishedDate: meta.publishedDate.toISOString(),
    publisher: { name: PUBLISHER_NAME },
    releases: page.releases,
    ...(links.next || links.prev ? { links } : {}),
  }
}

/**
 * Every release is a full snapshot of the process (models/rules/ocds-release.ts), so merging
 * them by the OCDS rules gives the latest one: the compiled release is that, tagged compiled.
 */
export function compiledRelease(releases: readonly OcdsRelease[]): OcdsRelease {
  const latest = releases.at(-1)!
  return { ...latest, id: `${latest.id}-compiled`, tag: ['compiled'] }
}

export function recordPackage(meta: PackageMeta, releases: readonly OcdsRelease[]) {
  return {
    uri: meta.uri,
    version: OCDS_VERSION,
    extensions: ocdsExtensions(meta.origin, false),
    publishedDate: meta.publishedDate.toISOString(),
    publisher: { name: PUBLISHER_NAME },
    records: [
      {
        ocid: releases[0]!.ocid,
        releases: [...releases],
        compiledRelease: compiledRelease(releases),
      },
    ],
  }
}

export interface ReleaseQuery {
  /** Releases dated at or after this instant. */
  from?: Date
  /** Releases dated before this instant. */
  to?: Date
  page: number
  pageSize: number
}

export type ReleaseQueryParse =
  { ok: true; query: ReleaseQuery } | { ok: false; problems: string[] }

const DAY = /^\d{4}-\d{2}-\d{2}$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * A day (Asia/Shanghai) or an instant with its offset. A day as `to` includes the whole day:
 * from=2026-11-01&to=2026-11-30 is November in Beijing time.
 */
function readInstant(name: string, text: string, problems: string[], endOfDay: boolean) {
  if (DAY.test(text)) {
    const start = new Date(`${text}T00:00:00+08:00`)
    // 2026-02-30 is no day, whether the parser refuses it or rolls it into March.
    const valid =
      !Number.isNaN(start.getTime()) &&
      new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10) === text
    if (!valid) return void problems.push(`${name} 日期无效：${text}`)
    return endOfDay ? new Date(start.getTime() + 86_400_000) : start
  }
  const instant = new Date(text)
  if (!INSTANT.test(text) || Number.isNaN(instant.getTime()))
    return void problems.push(
      `${name} 格式无效：${text}（应为 2026-11-01 或 2026-11-01T08:00:00+08:00）`,
    )
  return instant
}

function readWhole(name: string, text: string | null, max: number, problems: string[]) {
  if (text == null || text === '') return undefined
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < 1 || n > max)
    return void problems.push(`${name} 取值无效：${text}（应为 1–${max} 的整数）`)
  return n
}

export function parseReleaseQuery(params: URLSearchParams): ReleaseQueryParse {
  const problems: string[] = []
  const fromText = params.get('from')
  const toText = params.get('to')
  const from = fromText ? readInstant('from', fromText, problems, false) : undefined
  const to = toText ? readInstant('to', toText, problems, true) : undefined
  const page = readWhole('page', params.get('page'), MAX_PAGE, problems) ?? 1
  const pageSize =
    readWhole('pageSize', params.get('pageSize'), RELEASES_PAGE_SIZE, problems) ??
    RELEASES_PAGE_SIZE
  if (from && to && from >= to) problems.push('from 须早于 to')
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, query: { from, to, page, pageSize } }
}

/** The same URL on another page. */
export function pageUrl(url: URL, page: number): string {
  const next = new URL(url)
  next.searchParams.set('page', String(page))
  return next.toString()
}
