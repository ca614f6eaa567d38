import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { answerAnnouncementsFeed, answerResultsFeed } from '../../app/feeds.server.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { cancelProject } from '../../models/project-endings.ts'
import { saveProjectDraft } from '../../models/projects.ts'
import { childrenNamed, parseXml, textOf, type XmlElement } from '../unit/atom-xml.ts'
import {
  as,
  bid,
  passTime,
  projectForm,
  publishedProject,
  setUpProcedures,
} from './procedure-fixture.ts'

const world = setUpProcedures(3)
const BASE = 'http://zjcs.test:3000'
// Many announcements of one item, to see the feed stop at 50.
const BULK_ITEM = 'SI-003'

const ids = {} as Record<'awarded' | 'failed' | 'cancelled' | 'draft' | 'latest', string>
let bulk: string[] = []

async function fetchFeed(name: 'announcements' | 'results', query = '') {
  const request = new Request(`${BASE}/feeds/${name}.atom${query}`)
  const answer =
    name === 'announcements'
      ? await answerAnnouncementsFeed(world.handle.db, request)
      : await answerResultsFeed(world.handle.db, request)
  const text = await answer.text()
  return { answer, text, feed: answer.ok ? parseXml(text) : null }
}

const entriesOf = (feed: XmlElement | null) => childrenNamed(feed!, 'entry')
const linkOf = (entry: XmlElement) => childrenNamed(entry, 'link')[0]!.attributes.href!
const projectIdsOf = (feed: XmlElement | null) =>
  entriesOf(feed).map((e) => linkOf(e).replace(`${BASE}/projects/`, ''))

beforeAll(async () => {
  const buyer = world.department
  const puyang = { regionCode: '410902' }
  const zhengzhou = { regionCode: '410102' }
  ids.awarded = await publishedProject(world, buyer, puyang)
  ids.failed = await publishedProject(world, buyer, zhengzhou)
  ids.cancelled = await publishedProject(world, buyer, {
    ...puyang,
    title: '某项目 <环评> & "复核" 服务',
  })
  ids.draft = await saveProjectDraft(as(world, buyer), projectForm({ title: '从未发布的草稿' }))
  await cancelProject(as(world, buyer), ids.draft, '草稿不再需要，直接撤销。')
  await cancelProject(as(world, buyer), ids.cancelled, '采购需求发生变化，本项目撤销。')
  for (const [n, agency] of world.agencies.entries())
    await bid(world, agency, ids.awarded, 30_000 + n * 1000)
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, ids.failed))
  await passTime(world, row!.deadlineAt)
  ids.latest = await publishedProject(world, buyer, zhengzhou)
  bulk = []
  for (let n = 0; n < 51; n++)
    bulk.push(
      await publishedProject(world, buyer, { serviceItemCode: BULK_ITEM, regionCode: '410302' }),
    )
})

describe('GET /feeds/announcements.atom', () => {
  it('answers well-formed Atom, cacheable, newest first, never a draft', async () => {
    const { answer, feed } = await fetchFeed('announcements')
    expect(answer.status).toBe(200)
    expect(answer.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    expect(answer.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(answer.headers.get('Last-Modified')).toBeTruthy()
    expect(feed!.name).toBe('feed')
    const entries = entriesOf(feed)
    expect(entries).toHaveLength(50)
    // The 51 bulk ones came last: the newest 50 of them fill the feed.
    expect(projectIdsOf(feed)).toEqual(bulk.slice(1).reverse())
    const updated = entries.map((e) => textOf(e, 'updated'))
    expect([...updated].sort().reverse()).toEqual(updated)
    expect(textOf(feed!, 'updated')).toBe(updated[0])
    const escaped = await fetchFeed('announcements', '?item=SI-002')
    expect(escaped.text).toContain('某项目 &lt;环评&gt; &amp; &quot;复核&quot; 服务')
    expect(projectIdsOf(escaped.feed)).not.toContain(ids.draft)
    expect(escaped.text).not.toContain('从未发布的草稿')
  })

  it('writes each entry with a tag: id, the project link, the buyer and the terms', async () => {
    const { feed } = await fetchFeed('announcements', '?region=4109')
    expect(projectIdsOf(feed)).toEqual([ids.cancelled, ids.awarded])
    const [entry] = entriesOf(feed).filter((e) => linkOf(e).endsWith(ids.awarded))
    expect(textOf(entry!, 'id')).toBe(`tag:zjcs.test,2026:projects/${ids.awarded}/announcement`)
    expect(textOf(entry!, 'title')).toBe('某产业园区建设项目环境影响报告表编制')
    expect(textOf(childrenNamed(entry!, 'author')[0]!, 'name')).toBe(
      world.department.organisationName,
    )
    const summary = textOf(entry!, 'summary')
    for (const part of ['最高限价 ¥50,000.00', '竞价选取', '截止 ', '（北京时间）', '濮阳市'])
      expect(summary).toContain(part)
    const cancelled = entriesOf(feed).find((e) => linkOf(e).endsWith(ids.cancelled))!
    expect(textOf(cancelled, 'title')).toBe('某项目 <环评> & "复核" 服务')
    expect(textOf(feed!, 'title')).toBe('中介超市 · 采购公告（濮阳市）')
    expect(childrenNamed(feed!, 'link')[0]!.attributes.href).toBe(
      `${BASE}/feeds/announcements.atom?region=4109`,
    )
  })

  it('filters by item and by region, a county code meaning its city', async () => {
    const byCity = await fetchFeed('announcements', '?region=4101')
    const byCounty = await fetchFeed('announcements', '?city=410102')
    expect(projectIdsOf(byCity.feed)).toEqual([ids.latest, ids.failed])
    expect(projectIdsOf(byCounty.feed)).toEqual(projectIdsOf(byCity.feed))
    const both = await fetchFeed('announcements', '?item=SI-002&region=4109')
    expect(projectIdsOf(both.feed)).toEqual([ids.cancelled, ids.awarded])
    const none = await fetchFeed('announcements', '?item=SI-002&region=4103')
    expect(projectIdsOf((await fetchFeed('announcements', '?region=4103')).feed)).toHaveLength(50)
    expect(entriesOf(none.feed)).toEqual([])
    // An empty feed still has its required updated.
    expect(textOf(none.feed!, 'updated')).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it('refuses an unreadable filter with 400', async () => {
    for (const query of ['?item=环评', '?region=41', '?region=abcd']) {
      const { answer, text } = await fetchFeed('announcements', query)
      expect(answer.status, query).toBe(400)
      expect(text).toContain('查询参数有误')
    }
  })
})

describe('GET /feeds/results.atom', () => {
  it('lists awards, failures and cancellations of published projects, newest first', async () => {
    const { answer, feed } = await fetchFeed('results')
    expect(answer.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    expect(answer.headers.get('Cache-Control')).toBe('public, max-age=60')
    const entries = entriesOf(feed)
    expect(new Set(projectIdsOf(feed))).toEqual(new Set([ids.awarded, ids.failed, ids.cancelled]))
    const titleOf = (id: string) =>
      textOf(
        entries.find((e) => linkOf(e).endsWith(id))!,
        'title',
      )
    expect(titleOf(ids.awarded)).toBe('中选结果：某产业园区建设项目环境影响报告表编制')
    expect(titleOf(ids.failed)).toMatch(/^流标：/)
    expect(titleOf(ids.cancelled)).toBe('项目撤销：某项目 <环评> & "复核" 服务')
    const award = entries.find((e) => linkOf(e).endsWith(ids.awarded))!
    // The lowest of the three bids won: 30,000 元, as the public timeline says it.
    expect(textOf(award, 'summary')).toMatch(/^中选：.+，金额 ¥30,000.00；公示至 /)
    expect(textOf(award, 'id')).toMatch(
      new RegExp(`^tag:zjcs\\.test,2026:projects/${ids.awarded}/events/\\d+$`),
    )
    const updated = entries.map((e) => textOf(e, 'updated'))
    expect([...updated].sort().reverse()).toEqual(updated)
    expect(new Set(entries.map((e) => textOf(e, 'id'))).size).toBe(entries.length)
  })

  it('filters like the announcements, and ids stay the same from one fetch to the next', async () => {
    const puyang = await fetchFeed('results', '?region=4109')
    expect(new Set(projectIdsOf(puyang.feed))).toEqual(new Set([ids.awarded, ids.cancelled]))
    const again = await fetchFeed('results', '?region=4109')
    expect(entriesOf(again.feed).map((e) => textOf(e, 'id'))).toEqual(
      entriesOf(puyang.feed).map((e) => textOf(e, 'id')),
    )
    expect(entriesOf((await fetchFeed('results', `?item=${BULK_ITEM}`)).feed)).toEqual([])
    expect((await fetchFeed('results', '?item=x')).answer.status).toBe(400)
  })
})
