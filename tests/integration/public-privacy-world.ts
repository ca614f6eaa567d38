// The world public-privacy.test.ts reads as an anonymous visitor: the routes' own database,
// people with phones, e-mails and live sessions, organisation contacts, projects in every
// state (sealed bids among them) and the supervision records.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import pg from 'pg'
import { inject } from 'vitest'
import { commitSessionCookie } from '../../app/session.server.ts'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { unsealSecret } from '../../models/bid-sealing.ts'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type { Actor } from '../../models/context.ts'
import { submitDelivery } from '../../models/contract-service.ts'
import { offerToNextRanked, refuseContract, signContract } from '../../models/contract-signing.ts'
import { closeDatabase, getDatabase, type Database } from '../../models/db/client.ts'
import { contracts } from '../../models/db/schema-contracts.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { sessions, users } from '../../models/db/schema.ts'
import { rateContract } from '../../models/evaluations.ts'
import { createOffering } from '../../models/offerings.ts'
import { recordBudgetPayment } from '../../models/payments.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { cancelProject } from '../../models/project-endings.ts'
import { WHOLE_CONTRACT } from '../../models/rules/payments.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { withDatabase } from '../setup/database-template.ts'
import { awardedContract, signedContract } from './contract-fixture.ts'
import { addPublicRecords } from './exports-world.ts'
import { acceptedContract } from './payment-fixture.ts'
import {
  as,
  bid,
  ITEM,
  passTime,
  type ProcedureWorld,
  publishedProject,
} from './procedure-fixture.ts'
import { type Needle, needlesOf, type WorldProject } from './sealed-prices-world.ts'
import { ORIGIN } from './sealed-prices-routes.ts'

export interface PrivacyWorld {
  db: Database
  /** What no public answer may contain. */
  needles: Needle[]
  /** The agencies' own published contacts: allowed on their profile page, nowhere else. */
  agencyContacts: Needle[]
  /** Ids by kind, to fill route parameters: projects, agencies, contracts, plans. */
  ids: Record<string, string[]>
  /** The projects whose bids are still sealed. */
  sealed: WorldProject[]
  /** A project whose winner refused to sign and whose runner-up signed instead. */
  passedOn: { projectId: string; refused: string; signed: string; reason: string }
  close(): Promise<void>
}

let db: Database
const world = { agencies: [] } as unknown as ProcedureWorld
let needles: Needle[] = []
let agencyContacts: Needle[] = []
let ids: Record<string, string[]> = {}
let sealed: WorldProject[] = []
const REFUSAL = '本机构项目负责人已离职，无法按期履约'
let passedOn: PrivacyWorld['passedOn']

/** The routes' own database (getDatabase()), on a fresh copy, as sealed-prices-world does. */
async function openRouteDatabase() {
  const server = process.env.DATABASE_URL
  if (server) {
    const name = `zjcs_test_${randomBytes(6).toString('hex')}`
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: server })
      await client.connect()
      await client.query(sql).finally(() => client.end())
    }
    await admin(`create database ${name} template ${inject('templateDatabase')}`)
    process.env.DATABASE_URL = withDatabase(server, name)
    return async () => {
      await closeDatabase()
      process.env.DATABASE_URL = server
      await admin(`drop database if exists ${name} with (force)`)
    }
  }
  const before = process.env.DATA_DIR
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zjcs-privacy-'))
  process.env.DATA_DIR = dir
  return async () => {
    await closeDatabase()
    if (before === undefined) delete process.env.DATA_DIR
    else process.env.DATA_DIR = before
    rmSync(dir, { recursive: true, force: true })
  }
}

let person = 0
/** Signs up, signs in (a live session), publishes an organisation contact; records needles. */
async function member(kind: 'agency' | 'department' | 'enterprise'): Promise<Actor> {
  const n = ++person
  const input = buildSignUp({
    kind,
    contactName: `隐私经办人${'甲乙丙丁戊己庚辛壬癸子丑寅卯辰'[n]}`,
  })
  await signUp({ db, actor: null }, input)
  const { session } = await signIn(
    { db, actor: null },
    { login: input.phone, password: input.password },
  )
  const actor = (await findSessionActor(db, session.id))!
  const cookie = await commitSessionCookie(new Request(ORIGIN), session.id)
  const contact = {
    phone: fakePhone(),
    email: `contact-${n}-${randomBytes(3).toString('hex')}@example.cn`,
  }
  await updateMyProfile(as(world, actor), {
    name: input.organisationName,
    legalRepresentative: '法定代表',
    address: '河南省濮阳市华龙区某路 1 号',
    regionCode: '410902',
    contactName: `联系人${n}号`,
    contactPhone: contact.phone,
    contactEmail: contact.email,
  })
  const what = `${kind} ${n}`
  needles.push(
    { text: input.phone, what: `${what}'s phone` },
    { text: input.email!, what: `${what}'s e-mail` },
    { text: session.id, what: `${what}'s session id` },
    { text: cookie.split(';')[0]!.split('=').slice(1).join('='), what: `${what}'s session cookie` },
  )
  if (kind !== 'agency') needles.push({ text: input.contactName, what: `${what}'s name` })
  const list = kind === 'agency' ? agencyContacts : needles
  list.push(
    { text: contact.phone, what: `${what}'s contact phone` },
    { text: contact.email, what: `${what}'s contact e-mail` },
  )
  if (kind === 'agency') ids.agencies!.push(actor.organisationId!)
  return actor
}

const deadlineOf = async (id: string) =>
  (await db.select().from(projects).where(eq(projects.id, id)))[0]!.deadlineAt

async function sealedProject(label: string, method: 'lowest_price' | 'lottery' | 'scoring') {
  const id = await publishedProject(world, world.department, {
    method,
    budgetCap: 40_000_000,
    ...(method === 'scoring' ? { weightPrice: 40, weightQuality: 50, weightCredit: 10 } : {}),
  })
  const prices = [123_457.89, 134_679.21, 145_792.63].map((p) => p + sealed.length * 11_111.11)
  const bids = []
  for (const [n, agency] of world.agencies.slice(0, 3).entries()) {
    const receipt = await bid(world, agency, id, Number(prices[n]!.toFixed(2)))
    bids.push({ agency: `agency ${n + 1}`, priceFen: receipt.priceFen, salt: receipt.salt })
  }
  const [row] = await db.select().from(projects).where(eq(projects.id, id))
  const drawSecret = row!.drawSecretSealed ? unsealSecret(id, row!.drawSecretSealed) : null
  sealed.push({ label, id, method, bids, replaced: [], drawSecret })
  return id
}

async function pay(contractId: string) {
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, contractId))
  await recordBudgetPayment(as(world, world.department), contractId, {
    target: WHOLE_CONTRACT,
    voucherNumber: 'PZ-2026-008',
    paidOn: new Date((await platformNow(db)).getTime() + 8 * 3600_000).toISOString().slice(0, 10),
    amountFen: contract!.amountFen,
    budgetLine: '2026-环保-08',
  })
}

const rate = (contractId: string) =>
  rateContract(as(world, world.department), contractId, {
    quality: 5,
    timeliness: 4,
    attitude: 5,
    fees: 4,
    conduct: 5,
  })

export async function buildPrivacyWorld(): Promise<PrivacyWorld> {
  needles = []
  agencyContacts = []
  ids = { projects: [], agencies: [], contracts: [], plans: [] }
  sealed = []
  const opened: string[] = []
  const close = await openRouteDatabase()
  try {
    db = await getDatabase()
    world.handle = { db, kind: 'pglite', migrate: async () => {}, close: async () => {} } as never
    await loadCatalogue(db)
    world.department = await member('department')
    world.enterprise = await member('enterprise')
    world.agencies = [
      await member('agency'),
      await member('agency'),
      await member('agency'),
      await member('agency'),
    ]
    const bystanders = []
    for (let n = 0; n < 5; n++) bystanders.push(await member('agency'))
    // Refusing to sign puts an agency on the blacklist: not one of those bidding later.
    const refuser = await member('agency')
    const supervisor = buildSignUp({ kind: 'department' })
    const user = await createSupervisor(
      db,
      { name: '监管员', phone: supervisor.phone, password: supervisor.password },
      null,
    )
    needles.push({ text: supervisor.phone, what: "the supervisor's phone" })
    world.supervisor = {
      userId: user.id,
      role: 'supervisor',
      name: '监管员',
      organisationId: null,
      organisationName: null,
    }
    await verifyOrganisation(as(world, world.supervisor), {
      organisationId: world.department.organisationId!,
    })
    for (const agency of [...world.agencies, ...bystanders, refuser])
      await createOffering(as(world, agency), {
        serviceItemCode: ITEM,
        feeKind: 'range',
        feeMinFen: 100_000,
        feeMaxFen: 50_000_000,
        timeLimitDays: 20,
      })

    // Every state past opening first: each moves the clock, which would open sealed bids.
    const buyer = world.department
    const awarded = await awardedContract(world, buyer) // contract drawn up, unsigned
    const contracted = await signedContract(world, buyer)
    const delivered = await signedContract(world, buyer)
    await submitDelivery(as(world, delivered.winner), delivered.contract.id, {
      note: '成果',
      uploadIds: [],
    })
    const accepted = await acceptedContract(world, buyer)
    const paid = await acceptedContract(world, buyer)
    await pay(paid.contract.id)
    const evaluated = await acceptedContract(world, buyer)
    await rate(evaluated.contract.id)
    await pay(evaluated.contract.id)
    // The winner refuses; the runner-up takes the contract at its own price (递补).
    const regulars = world.agencies
    world.agencies = [refuser, ...regulars.slice(1)]
    const refusedAward = await awardedContract(world, buyer)
    world.agencies = regulars
    await refuseContract(as(world, refusedAward.winner), refusedAward.contract.id, REFUSAL)
    const next = await offerToNextRanked(as(world, buyer), refusedAward.projectId)
    await signContract(as(world, refusedAward.runnerUp), next.id)
    await signContract(as(world, buyer), next.id)
    passedOn = {
      projectId: refusedAward.projectId,
      refused: refusedAward.contract.id,
      signed: next.id,
      reason: REFUSAL,
    }
    const failed = await publishedProject(world, buyer)
    const scoring = await publishedProject(world, buyer, {
      method: 'scoring',
      weightPrice: 40,
      weightQuality: 50,
      weightCredit: 10,
    })
    for (const [n, agency] of world.agencies.slice(0, 3).entries())
      await bid(world, agency, scoring, 20_000 + n * 500)
    await passTime(world, await deadlineOf(scoring)) // scoring stays opened; failed fails
    for (const done of [awarded, contracted, delivered, accepted, paid, evaluated]) {
      opened.push(done.projectId)
      ids.contracts!.push(done.contract.id)
    }
    opened.push(passedOn.projectId)
    ids.contracts!.push(passedOn.refused, passedOn.signed)
    opened.push(failed, scoring)

    // Still sealed: one whose deadline passed with the clock not run, then ones taking bids.
    const past = await sealedProject('past deadline, clock not run', 'lowest_price')
    await moveClockTo(db, new Date((await deadlineOf(past)).getTime() + 60_000))
    await sealedProject('sealed lowest price', 'lowest_price')
    await sealedProject('sealed lottery', 'lottery')
    await sealedProject('sealed scoring', 'scoring')
    const cancelled = await sealedProject('cancelled before the deadline', 'lowest_price')
    await cancelProject(as(world, buyer), cancelled, '采购需求发生变化，本项目撤销。')
    ids.projects = [...opened, ...sealed.map((p) => p.id)]
    const records = await addPublicRecords(world, {
      agencies: bystanders,
      complainant: world.enterprise,
      project: failed,
    })
    ids.plans!.push(records.planId)

    const hashes = await db.select({ hash: users.passwordHash }).from(users)
    for (const { hash } of hashes) needles.push({ text: hash, what: 'a password hash' })
    for (const { idHash } of await db.select({ idHash: sessions.idHash }).from(sessions))
      needles.push({ text: idHash, what: 'a session id hash' })
    for (const project of sealed) needles.push(...needlesOf(project))
    // Which staff account typed a project, and the form's one-time key, are the buyer's own.
    const typedBy = await db
      .select({ createdBy: projects.createdBy, key: projects.submissionKey })
      .from(projects)
    for (const { createdBy, key } of typedBy) {
      needles.push({ text: createdBy, what: "a project author's user id" })
      if (key) needles.push({ text: key, what: "a project form's one-time key" })
    }
  } catch (error) {
    await close()
    throw error
  }
  return { db, needles, agencyContacts, ids, sealed, passedOn, close }
}
