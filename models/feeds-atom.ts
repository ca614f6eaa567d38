// Atom 1.0 (RFC 4287) written by hand: no XML library is installed, and a feed needs
// only elements, text and attributes. Pure: no I/O.

export interface AtomEntry {
  /** A tag: URI (RFC 4151) that never changes for this entry. */
  id: string
  title: string
  updated: Date
  published?: Date
  /** Absolute URL of the entry's page. */
  link: string
  summary: string
  author: string
  /** Atom categories: term and a label for people. */
  categories?: { term: string; label: string }[]
}

export interface AtomFeed {
  id: string
  title: string
  subtitle?: string
  /** The newest entry's time, or now when there are none (updated is required). */
  updated: Date
  /** The feed's own absolute URL, filters included. */
  selfLink: string
  /** The HTML page showing the same list. */
  alternateLink: string
  entries: AtomEntry[]
}

// XML 1.0 forbids most control characters and U+FFFE/U+FFFF even escaped; lone surrogates
// cannot be encoded in UTF-8 at all. Titles are typed by people: drop them.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/** Text safe inside an element or a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/**
 * A tag: URI. The authority is a DNS name (a port is not allowed there), the date a day
 * or year the authority was held; `specific` may use URI characters only.
 */
export function tagUri(host: string, date: string, specific: string): string {
  const authority =
    host
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase() || 'localhost'
  const safe = specific.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/g, encodeURIComponent)
  return `tag:${authority},${date}:${safe}`
}

const element = (name: string, text: string, attributes = '') =>
  `<${name}${attributes}>${escapeXml(text)}</${name}>`

const link = (rel: string, type: string, href: string) =>
  `<link rel="${rel}" type="${type}" href="${escapeXml(href)}"/>`

function renderEntry(entry: AtomEntry): string {
  return [
    '  <entry>',
    `    ${element('id', entry.id)}`,
    `    ${element('title', entry.title, ' type="text"')}`,
    `    ${element('updated', entry.updated.toISOString())}`,
    ...(entry.published ? [`    ${element('published', entry.published.toISOString())}`] : []),
    `    ${link('alternate', 'text/html', entry.link)}`,
    `    <author>${element('name', entry.author)}</author>`,
    ...(entry.categories ?? []).map(
      (c) => `    <category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`,
    ),
    `    ${element('summary', entry.summary, ' type="text"')}`,
    '  </entry>',
  ].join('\n')
}

/** The whole document, UTF-8, with the XML declaration. */
export function renderAtom(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title, ' type="text"')}`,
    ...(feed.subtitle ? [`  ${element('subtitle', feed.subtitle, ' type="text"')}`] : []),
    `  ${element('updated', feed.updated.toISOString())}`,
    `  ${link('self', 'application/atom+xml', feed.selfLink)}`,
    `  ${link('alternate', 'text/html', feed.alternateLink)}`,
    `  ${element('generator', '中介超市')}`,
    ...feed.entries.map(renderEntry),
    '</feed>',
    '',
  ].join('\n')
}
