import { describe, expect, it } from 'vitest'
import { type AtomFeed, escapeXml, renderAtom, tagUri } from '../../models/feeds-atom.ts'
import { childrenNamed, parseXml, textOf } from './atom-xml.ts'

const hostile = `<script>alert("x")</script> & 'quotes' ]]> \u0001\u000B控制符 😀 \uD800孤`

function feed(overrides: Partial<AtomFeed> = {}): AtomFeed {
  return {
    id: tagUri('example.org', '2026', 'feeds/announcements?item=SI-002'),
    title: '中介超市 · 采购公告',
    updated: new Date('2026-11-27T08:12:40.511Z'),
    selfLink: 'https://example.org/feeds/announcements.atom?item=SI-002&region=4109',
    alternateLink: 'https://example.org/projects?item=SI-002&region=4109',
    entries: [
      {
        id: tagUri('example.org', '2026', 'projects/3f0c/announcement'),
        title: hostile,
        updated: new Date('2026-11-27T08:12:40.511Z'),
        published: new Date('2026-11-27T08:12:40.511Z'),
        link: 'https://example.org/projects/3f0c?a=1&b=2',
        author: '濮阳市生态环境局 <局>',
        categories: [{ term: 'SI-002', label: '环境影响报告表编制 "表"' }],
        summary: `预算上限 ¥50,000.00 · ${hostile}`,
      },
    ],
    ...overrides,
  }
}

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;')
    expect(escapeXml('\u0000\u0008\u000B\u000C\u001F\uFFFE\uFFFF')).toBe('')
    // Tab, newline and carriage return stay; a pair of surrogates stays, a lone one goes.
    expect(escapeXml('\t\n\r😀\uD800x\uDC00')).toBe('\t\n\r😀x')
  })
})

describe('tagUri', () => {
  it('uses the host without its port, lower case, and keeps the path', () => {
    expect(tagUri('Example.ORG:3000', '2026', 'projects/abc/events/12')).toBe(
      'tag:example.org,2026:projects/abc/events/12',
    )
    expect(tagUri('[::1]:3000', '2026', 'x')).toBe('tag:::1,2026:x')
    expect(tagUri('h', '2026', 'a b"<')).toBe('tag:h,2026:a%20b%22%3C')
  })
})

describe('renderAtom', () => {
  it('writes a well-formed Atom document whose text reads back exactly', () => {
    const xml = renderAtom(feed())
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')).toBe(true)
    const root = parseXml(xml)
    expect(root.name).toBe('feed')
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2005/Atom')
    expect(textOf(root, 'id')).toBe('tag:example.org,2026:feeds/announcements?item=SI-002')
    expect(textOf(root, 'updated')).toBe('2026-11-27T08:12:40.511Z')
    const links = childrenNamed(root, 'link')
    expect(links.map((l) => [l.attributes.rel, l.attributes.href])).toEqual([
      ['self', 'https://example.org/feeds/announcements.atom?item=SI-002&region=4109'],
      ['alternate', 'https://example.org/projects?item=SI-002&region=4109'],
    ])
    const [entry] = childrenNamed(root, 'entry')
    const clean = `<script>alert("x")</script> & 'quotes' ]]> 控制符 😀 孤`
    expect(textOf(entry!, 'title')).toBe(clean)
    expect(textOf(entry!, 'summary')).toBe(`预算上限 ¥50,000.00 · ${clean}`)
    expect(textOf(childrenNamed(entry!, 'author')[0]!, 'name')).toBe('濮阳市生态环境局 <局>')
    expect(childrenNamed(entry!, 'link')[0]!.attributes.href).toBe(
      'https://example.org/projects/3f0c?a=1&b=2',
    )
    expect(childrenNamed(entry!, 'category')[0]!.attributes.label).toBe('环境影响报告表编制 "表"')
    // RFC 4287 §4.1.2: every entry has id, title and updated.
    for (const name of ['id', 'title', 'updated', 'published', 'summary'])
      expect(textOf(entry!, name), name).not.toBe('')
  })

  it('writes an empty feed with its required elements', () => {
    const root = parseXml(renderAtom(feed({ entries: [], subtitle: '最新 50 条' })))
    expect(childrenNamed(root, 'entry')).toEqual([])
    expect(textOf(root, 'subtitle')).toBe('最新 50 条')
    for (const name of ['id', 'title', 'updated']) expect(textOf(root, name)).not.toBe('')
  })
})

describe('the test parser', () => {
  it('refuses what is not well-formed XML', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a>&</a>',
      '<a>&nbsp;</a>',
      '<a>x < y</a>',
      '<a x="1" x="2"/>',
      '<a/><b/>',
      '<a>',
      'text<a/>',
      '<a>\u0001</a>',
      '<a t="<"/>',
    ])
      expect(() => parseXml(bad), bad).toThrow()
    expect(parseXml('<a x="&amp;&#60;&#x3E;">&apos;<b/></a>')).toEqual({
      name: 'a',
      attributes: { x: '&<>' },
      children: ["'", { name: 'b', attributes: {}, children: [] }],
    })
  })
})
