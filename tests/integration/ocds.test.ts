import { asc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type * as DbClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { platformNow } from '../../models/clock.ts'
import { answerQuestion, askQuestion } from '../../models/clarifications.ts'
import { ocdsReleases } from '../../models/db/schema-ocds.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { organisations, users } from '../../models/db/schema.ts'
import { rateContract } from '../../models/evaluations.ts'
import { ocidFor } from '../../models/ocds.ts'
import { recordBudgetPayment } from '../../models/payments.ts'
import { cancelProject, republishProject } from '../../models/project-endings.ts'
import { saveAndPublishProject, saveProjectDraft } from '../../models/projects.ts'
import { loadWorkdayCalendar } from '../../models/workday-calendar.ts'
import { shanghaiDate } from '../../models/rules/qualifications.ts'
import type { OcdsRelease } from '../../models/rules/ocds-types.ts'
import { awardedContract, signedContract } from './contract-fixture.ts'
import {
  ajv,
  BASE,
  recordOf,
  releasesAt,
  releasesPage,
  validRecordPackage,
  validReleasePackage,
} from './ocds-packages.ts'
import { acceptedContract } from './payment-fixture.ts'
import {
  agenciesInMarket,
  as,
  bid,
  passTime,
  projectForm,
  publishedProject,
  setUpProcedures,
} from './procedure-fixture.ts'

// The OCDS routes read the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DbClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(8)
async function projectRow(id: string) {
  const [row] = await world.handle.db.select().from(projects).where(eq(projects.id, id))
  return row!
}

/** Every stored release, in publication order, as stored. */
function storedReleases() {
  return world.handle.db
    .select({
      id: ocdsReleases.id,
      ocid: ocdsReleases.ocid,
      step: ocdsReleases.step,
      date: ocdsReleases.date,
      text: sql<string>`${ocdsReleases.release}::text`,
    })
    .from(ocdsReleases)
    .orderBy(asc(ocdsReleases.seq))
}

const today = async () => shanghaiDate(await platformNow(world.handle.db))
const fiveScores = { quality: 5, timeliness: 4, attitude: 3, fees: 4, conduct: 4 }
const BUDGET_LINE = '2026-环保-0417'
const VOUCHER = 'GK2026117733'

async function paidContract() {
  const accepted = await acceptedContract(world, world.department)
  await recordBudgetPayment(as(world, world.department), accepted.contract.id, {
    target: 'contract',
    budgetLine: BUDGET_LINE,
    voucherNumber: VOUCHER,
    paidOn: await today(),
    amountFen: accepted.contract.amountFen,
  })
  return accepted
}

// Prices no other bid in this file uses, in every form a page or JSON might print them.
const SEALED_YUAN = [43_217.89, 44_123.57, 46_781.03]
const needles = (yuan: number) => [
  String(Math.round(yuan * 100)),
  String(yuan),
  yuan.toLocaleString('en-US', { minimumFractionDigits: 2 }),
]

/** One project in each state; the ones the clock would move on are made last. */
const ids: Record<string, string> = {}
let sealedId = ''
let snapshot: Awaited<ReturnType<typeof storedReleases>> = []

beforeAll(async () => {
  route.db = world.handle.db
  const evaluated = await paidContract()
  await rateContract(as(world, world.department), evaluated.contract.id, fiveScores)
  ids.evaluated = evaluated.projectId
  ids.paid = (await paidContract()).projectId
  ids.accepted = (await acceptedContract(world, world.department)).projectId
  ids.contracted = (await signedContract(world, world.department)).projectId
  snapshot = await storedReleases()
  ids.awardedFinal = (await awardedContract(world, world.department)).projectId

  // Sealed bids at distinctive prices, and public steps (Q&A) before the deadline.
  sealedId = await publishedProject(world, world.department)
  const [a, b, c, d] = await agenciesInMarket(world)
  for (const [i, agency] of [a, b, c].entries())
    await bid(world, agency!, sealedId, SEALED_YUAN[i]!)
  const question = await askQuestion(as(world, d!), sealedId, '成果是否需要包含专家评审意见？')
  await answerQuestion(as(world, world.department), sealedId, question, {
    answer: '需要，并按评审意见修改完善。',
    changesScope: true,
  })

  ids.opened = await publishedProject(world, world.department, {
    method: 'scoring',
    weightPrice: 40,
    weightQuality: 50,
    weightCredit: 10,
  })
  ids.failed = await publishedProject(world, world.department)
  const [e, f, g] = await agenciesInMarket(world)
  for (const [i, agency] of [e, f, g].entries())
    await bid(world, agency!, ids.opened, 40_000 + i * 1000)
  await bid(world, e!, ids.failed, 42_000)
  await passTime(world, (await projectRow(ids.failed)).deadlineAt)

  // Last to move the clock: its publicity period is still running at the end.
  ids.awarded = await publishedProject(world, world.department)
  const [h, i, j] = await agenciesInMarket(world)
  for (const [n, agency] of [h, i, j].entries())
    await bid(world, agency!, ids.awarded, 41_000 + n * 1000)
  await passTime(world, (await projectRow(ids.awarded)).deadlineAt)

  ids.published = await publishedProject(world, world.department)
  ids.cancelled = await publishedProject(world, world.department)
  await cancelProject(as(world, world.department), ids.cancelled, '采购需求调整，撤销重新发布')
  ids.republished = await republishProject(as(world, world.department), ids.failed)
  ids.draft = await saveProjectDraft(as(world, world.department), projectForm())
}, 300_000)

describe('OCDS release and record packages', () => {
  it('has a project in every state', async () => {
    const statuses = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([k, id]) => [k, (await projectRow(id)).status]),
      ),
    )
    expect(statuses).toEqual({
      evaluated: 'evaluated',
      paid: 'paid',
      accepted: 'accepted',
      contracted: 'contracted',
      awardedFinal: 'awarded',
      awarded: 'awarded',
      opened: 'opened',
      failed: 'failed',
      published: 'published',
      cancelled: 'cancelled',
      republished: 'draft',
      draft: 'draft',
    })
  })

  it('gives each state a record package that validates, with the compiled state', async () => {
    const expected: Record<string, { tender: string; tags: string[] }> = {
      evaluated: { tender: 'complete', tags: ['implementationUpdate'] },
      paid: { tender: 'complete', tags: ['implementationUpdate', 'contractTermination'] },
      accepted: { tender: 'complete', tags: ['implementationUpdate'] },
      contracted: { tender: 'complete', tags: ['contractUpdate', 'implementation'] },
      // Its contract lapsed unsigned as the clock moved on for the others.
      awardedFinal: { tender: 'complete', tags: ['awardUpdate', 'contractUpdate'] },
      awarded: { tender: 'complete', tags: ['tenderUpdate', 'award'] },
      opened: { tender: 'active', tags: ['tenderUpdate'] },
      failed: { tender: 'unsuccessful', tags: ['tenderUpdate'] },
      published: { tender: 'active', tags: ['tender'] },
      cancelled: { tender: 'cancelled', tags: ['tenderCancellation'] },
    }
    for (const [state, want] of Object.entries(expected)) {
      const answer = await recordOf(ocidFor(ids[state]!))
      expect(answer.status, state).toBe(200)
      expect(answer.headers.get('cache-control')).toBe('public, max-age=60')
      expect(
        validRecordPackage(answer.body),
        `${state}: ${ajv.errorsText(validRecordPackage.errors)}`,
      ).toBe(true)
      const [record] = answer.body.records
      const latest = record!.releases.at(-1)!
      expect(latest.tag, state).toEqual(want.tags)
      expect(record!.compiledRelease.tender.status, state).toBe(want.tender)
      expect(record!.compiledRelease).toEqual({
        ...latest,
        id: `${latest.id}-compiled`,
        tag: ['compiled'],
      })
      expect(record!.releases.map((r) => r.date)).toEqual(
        record!.releases.map((r) => r.date).sort(),
      )
    }
    const lapsed = (await recordOf(ocidFor(ids.awardedFinal!))).body.records[0]!.compiledRelease
    expect(lapsed.awards![0]!.status).toBe('unsuccessful')
    expect(lapsed.contracts![0]).toMatchObject({
      status: 'cancelled',
      statusDetails: expect.any(String),
    })
    const evaluated = (await recordOf(ocidFor(ids.evaluated!))).body.records[0]!.compiledRelease
    expect(evaluated.contracts![0]).toMatchObject({
      status: 'terminated',
      implementation: {
        transactions: [{ value: { currency: 'CNY' }, payer: { name: expect.any(String) } }],
        milestones: [
          { id: 'delivery', status: 'met' },
          { id: 'evaluation', status: 'met' },
        ],
      },
    })
  })

  it('never publishes a draft', async () => {
    for (const draft of [ids.draft!, ids.republished!]) {
      expect((await recordOf(ocidFor(draft))).status).toBe(404)
      const rows = await world.handle.db
        .select({ id: ocdsReleases.id })
        .from(ocdsReleases)
        .where(eq(ocdsReleases.projectId, draft))
      expect(rows).toEqual([])
    }
  })

  it('links a re-published project to the process it replaces', async () => {
    // The copy keeps the old deadline: the buyer sets a new one, then publishes.
    const deadline = (await loadWorkdayCalendar(world.handle.db)).addWorkdays(
      await platformNow(world.handle.db),
      5,
    )
    await saveAndPublishProject(
      as(world, world.department),
      projectForm({ deadline }),
      ids.republished!,
    )
    const { body } = await recordOf(ocidFor(ids.republished!))
    expect(body.records[0]!.compiledRelease.relatedProcesses).toEqual([
      expect.objectContaining({
        relationship: ['prior'],
        scheme: 'ocid',
        identifier: ocidFor(ids.failed!),
      }),
    ])
  })

  it('shows no sealed price before opening, every price once opened', async () => {
    const releases = (await storedReleases()).filter((r) => r.ocid === ocidFor(sealedId))
    const opening = releases.findIndex((r) => r.step === 'project.opened')
    expect(releases.slice(0, opening).map((r) => r.step)).toEqual([
      'project.published',
      'clarification.answered',
      'project.closed',
    ])
    const all = SEALED_YUAN.flatMap(needles)
    for (const release of releases.slice(0, opening))
      for (const needle of all) expect(release.text, release.step).not.toContain(needle)
    const opened = JSON.parse(releases[opening]!.text) as OcdsRelease
    expect(opened.tender.numberOfTenderers).toBe(3)
    const details = (opened.bids as { details: { value: { amount: number } }[] }).details
    expect(details.map((b) => b.value.amount).sort()).toEqual(SEALED_YUAN)
    // The count is public from the deadline, not before.
    const closed = JSON.parse(releases[opening - 1]!.text) as OcdsRelease
    expect(closed.tender.numberOfTenderers).toBe(3)
    expect(JSON.parse(releases[0]!.text).tender).not.toHaveProperty('numberOfTenderers')
    expect(JSON.parse(releases[1]!.text).tag).toEqual(['tenderAmendment'])
  })

  it('publishes no phone, person, e-mail, budget line or voucher', async () => {
    const people = await world.handle.db
      .select({ phone: users.phone, name: users.name, email: users.email })
      .from(users)
    const contacts = await world.handle.db
      .select({ phone: organisations.contactPhone, name: organisations.contactName })
      .from(organisations)
    const secrets = [
      ...people.flatMap((p) => [p.phone, p.name, p.email ?? '']),
      ...contacts.flatMap((c) => [c.phone, c.name]),
      BUDGET_LINE,
      VOUCHER,
    ].filter((s) => s.length >= 2)
    expect(people.length).toBeGreaterThan(8)
    const text = (await storedReleases()).map((r) => r.text).join('\n')
    for (const secret of secrets) expect(text).not.toContain(secret)
  })

  it('keeps release ids unique and stored releases unchanged by later steps', async () => {
    const now = await storedReleases()
    expect(new Set(now.map((r) => r.id)).size).toBe(now.length)
    expect(snapshot.length).toBeGreaterThan(10)
    for (const before of snapshot) expect(now.find((r) => r.id === before.id)).toEqual(before)
    // Served as stored, byte for byte.
    const first = snapshot[0]!
    const { body } = await recordOf(first.ocid)
    expect(JSON.stringify(body.records[0]!.releases[0])).toBe(first.text)
    // And the database itself refuses to change one.
    await expect(
      world.handle.db.execute(sql`update ocds_releases set step = 'x' where id = ${first.id}`),
    ).rejects.toThrow()
    await expect(
      world.handle.db.execute(sql`delete from ocds_releases where id = ${first.id}`),
    ).rejects.toThrow()
  })

  it('pages the release package with links.next, and it validates', async () => {
    const stored = await storedReleases()
    const seen: string[] = []
    let path: string | undefined = '/api/v1/ocds/releases?pageSize=20'
    while (path) {
      const answer: Awaited<ReturnType<typeof releasesAt>> = await releasesPage(path)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('cache-control')).toBe('public, max-age=60')
      expect(validReleasePackage(answer.body), ajv.errorsText(validReleasePackage.errors)).toBe(
        true,
      )
      seen.push(...answer.body.releases.map((r) => r.id))
      path = answer.body.links?.next?.replace(BASE, '')
    }
    expect(seen).toEqual(stored.map((r) => r.id))
    // Past the last page: 404 JSON, not a package with no releases, which the schema refuses.
    const last = Math.ceil(stored.length / 20)
    expect(validReleasePackage({ ...(await releasesAt('?pageSize=20')).body, releases: [] })).toBe(
      false,
    )
    const past = await releasesAt(`?pageSize=20&page=${last + 1}`)
    expect(past.status).toBe(404)
    expect(past.headers.get('content-type')).toContain('application/json')
    expect(past.body.error).toContain('已超过最后一页')
    expect(past.body.releases).toBeUndefined()
  })

  it('filters by from and to', async () => {
    const stored = await storedReleases()
    const middle = stored[Math.floor(stored.length / 2)]!.date
    const later = stored.filter((r) => r.date >= middle).map((r) => r.id)
    const earlier = stored.filter((r) => r.date < middle).map((r) => r.id)
    expect(later.length).toBeGreaterThan(0)
    expect(earlier.length).toBeGreaterThan(0)
    const iso = encodeURIComponent(middle.toISOString())
    const from = await releasesAt(`?from=${iso}&pageSize=100`)
    const to = await releasesAt(`?to=${iso}&pageSize=100`)
    expect(from.body.releases.map((r) => r.id)).toEqual(later.slice(0, 100))
    expect(to.body.releases.map((r) => r.id)).toEqual(earlier.slice(0, 100))
    // No release in the period: no package (it would need at least one release), a 404.
    const future = await releasesAt('?from=2099-01-01')
    expect(future.status).toBe(404)
    expect(future.body.error).toBe('该时段没有发布的开放数据')
    const bad = await releasesAt('?from=2026-13-01')
    expect(bad.status).toBe(400)
    expect(bad.body.error).toContain('from')
  })

  it('answers an unknown ocid with 404 JSON', async () => {
    for (const ocid of [
      ocidFor('00000000-0000-4000-8000-000000000000'),
      'ocds-zjcs00-nonsense',
      '%27%3B--',
    ]) {
      const answer = await recordOf(ocid)
      expect(answer.status).toBe(404)
      expect(answer.headers.get('content-type')).toContain('application/json')
      expect(answer.body.error).toContain('没有')
    }
  })
})
