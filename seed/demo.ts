import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { createSupervisor } from '../models/accounts.ts'
import type { Database } from '../models/db/client.ts'
import type { OrganisationKind, Role } from '../models/db/schema.ts'
import { hashPassword } from '../models/passwords.ts'
import {
  drawAgency,
  flagReasons,
  type OrganisationDraft,
  type Standing,
  suspensionReasons,
} from './registry-agency.ts'
import { environmentalBusiness, weightedBusinesses } from './registry-businesses.ts'
import { drawDepartment, drawEnterprise } from './registry-buyers.ts'
import { DemoGenerator } from './registry-generator.ts'
import { drawPlace, isZone, puyang } from './registry-places.ts'
import { writeDrafts } from './registry-write.ts'

export interface DemoCounts {
  agencies: number
  departments: number
  enterprises: number
}

export const defaultDemoCounts: DemoCounts = { agencies: 2000, departments: 20, enterprises: 30 }

export interface SeedDemoOptions extends Partial<DemoCounts> {
  seed: number
  /** Called after each batch with organisations written so far and the total. */
  onProgress?: (done: number, total: number) => void
}

export interface DemoAccount {
  role: Role
  login: string
  password: string
  organisationName: string | null
}

// Organisations per transaction (an agency brings ~13 more rows, each table one insert a
// batch): few round trips, one audit event each, and no transaction grows huge.
const BATCH_SIZE = 500

const DAY = 86_400_000

const PASSWORD_LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
const PASSWORD_DIGITS = '23456789'

/** Draws from node:crypto, never from the seed, so knowing the seed gives no password away. */
function randomCharacters(alphabet: string, length: number) {
  let out = ''
  const limit = 256 - (256 % alphabet.length) // rejects bytes that would bias the choice
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}

export function demoPassword() {
  return `${randomCharacters(PASSWORD_LETTERS, 8)}${randomCharacters(PASSWORD_DIGITS, 4)}`
}

const kindsInOrder: OrganisationKind[] = ['department', 'enterprise', 'agency']
const countOf = (counts: DemoCounts, kind: OrganisationKind) =>
  ({ agency: counts.agencies, department: counts.departments, enterprise: counts.enterprises })[
    kind
  ]

/**
 * The agencies a supervisor has publicly flagged or suspended: two of each (one for a
 * small seed, one in a thousand for a big one). The first four are among the first 20
 * agencies, the newest, all in 濮阳, so the directory's first page shows them. Never the
 * demo agency.
 */
function planStandings(generator: DemoGenerator, count: number): Map<number, Standing> {
  const f = generator.faker
  const each = count < 3 ? 0 : Math.max(count >= 200 ? 2 : 1, Math.round(count / 1000))
  const near = Math.min(count, 20)
  const plan = new Map<number, Standing>()
  while (plan.size < 2 * each) {
    const last = plan.size < 4 ? near - 1 : count - 1
    const index = f.number.int({ min: 1, max: last })
    if (plan.has(index)) continue
    // Alternate flag and suspension, and go round each list of reasons.
    const flagged = plan.size % 2 === 0
    const reasons = flagged ? flagReasons : suspensionReasons
    const reason = reasons[Math.floor(plan.size / 2) % reasons.length]!
    plan.set(index, { kind: flagged ? 'flagged' : 'suspended', reason })
  }
  return plan
}

/** How many agencies open the list in 濮阳: a directory page (20) or ~2 %, at most 50. */
const puyangLead = (count: number) => Math.min(count, 50, Math.max(20, Math.ceil(count * 0.02)))

interface SeedContext {
  generator: DemoGenerator
  counts: DemoCounts
  standings: Map<number, Standing>
  supervisorId: string
  today: Date
}

/** The organisation of `kind` at `index`: the first of each kind is in 濮阳, the demo's home. */
function draftOrganisation(
  kind: OrganisationKind,
  index: number,
  c: SeedContext,
): OrganisationDraft {
  const { generator: g, today, supervisorId } = c
  const f = g.faker
  if (kind === 'department') {
    const place = drawPlace(f, index === 0 ? puyang : undefined)
    return drawDepartment(
      g,
      // A development zone has no departments of its own: its city's serve it.
      { place, atCity: index === 0 || isZone(place.county) || f.datatype.boolean(0.6) },
      { supervisorId, today },
    )
  }
  if (kind === 'enterprise')
    return drawEnterprise(g, drawPlace(f, index === 0 ? puyang : undefined), today)
  const showcase = index === 0
  // 濮阳's agencies open the list and joined last, so the directory's 最新入驻 starts there.
  const lead = puyangLead(c.counts.agencies)
  const place = drawPlace(f, index < lead ? puyang : undefined)
  const joinedDaysAgo = index < lead ? index + f.number.float({ min: 0.1, max: 1 }) : lead + 1
  const registeredAt = new Date(today.getTime() - joinedDaysAgo * DAY)
  const business = showcase
    ? environmentalBusiness
    : f.helpers.weightedArrayElement(weightedBusinesses)
  return drawAgency(
    g,
    {
      place,
      business,
      registeredAt: index < lead ? registeredAt : g.registeredAt(today, registeredAt),
      verified: showcase || f.datatype.boolean(0.3),
      standing: c.standings.get(index) ?? null,
      showcase: showcase ? { offerings: 5 } : undefined,
    },
    { supervisorId, today },
  )
}

/**
 * Fills the database with the demo registry: departments, enterprises and agencies with
 * profiles, qualifications, practitioners and offerings. The first organisation of each
 * kind gets the demo user; bulk users share one hash of a password nobody knows.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<DemoAccount[]> {
  const counts: DemoCounts = { ...defaultDemoCounts, ...withoutUndefined(options) }
  for (const kind of kindsInOrder) {
    const n = countOf(counts, kind)
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${kind} count must be ≥ 1, got ${n}`)
  }
  const generator = new DemoGenerator(options.seed)
  const passwords = {
    agency: demoPassword(),
    department: demoPassword(),
    enterprise: demoPassword(),
    supervisor: demoPassword(),
  }
  // bcrypt-12 costs ~170 ms: five hashes in all, run side by side on libuv's threads.
  const [bulkHash, agencyHash, departmentHash, enterpriseHash] = await Promise.all([
    hashPassword(randomBytes(32).toString('base64url')),
    hashPassword(passwords.agency),
    hashPassword(passwords.department),
    hashPassword(passwords.enterprise),
  ])
  const demoHashes = { agency: agencyHash, department: departmentHash, enterprise: enterpriseHash }

  const supervisor = { name: generator.personName(), phone: generator.phone() }
  const { id: supervisorId } = await createSupervisor(
    db,
    { ...supervisor, password: passwords.supervisor },
    null,
  )
  const context: SeedContext = {
    generator,
    counts,
    standings: planStandings(generator, counts.agencies),
    supervisorId,
    today: new Date(),
  }
  const accounts: DemoAccount[] = []

  const total = counts.agencies + counts.departments + counts.enterprises
  let done = 0
  let analyzedAt = BATCH_SIZE
  options.onProgress?.(done, total)
  for (const kind of kindsInOrder) {
    const count = countOf(counts, kind)
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const size = Math.min(BATCH_SIZE, count - start)
      const drafts = Array.from({ length: size }, (_, i) =>
        draftOrganisation(kind, start + i, context),
      )
      if (start === 0) {
        const demo = drafts[0]!
        accounts.push({
          role: kind,
          login: demo.users[0]!.phone,
          password: passwords[kind],
          organisationName: demo.organisation.name,
        })
      }
      await writeDrafts(db, drafts, {
        kind,
        from: start + 1,
        to: start + size,
        supervisorId,
        passwordHash: (i, u) => (start + i === 0 && u === 0 ? demoHashes[kind] : bulkHash),
      })
      done += size
      // Statistics each time the data doubles: without them (PGlite, or a server with
      // autovacuum off) the planner takes growing tables for empty ones and each batch's
      // index writes turn into whole-table scans.
      if (done >= analyzedAt * 2) {
        await db.execute(sql`analyze`)
        analyzedAt = done
      }
      options.onProgress?.(done, total)
    }
  }
  accounts.push({
    role: 'supervisor',
    login: supervisor.phone,
    password: passwords.supervisor,
    organisationName: null,
  })
  const order: Role[] = ['agency', 'department', 'enterprise', 'supervisor']
  return accounts.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
}

function withoutUndefined(options: Partial<DemoCounts>): Partial<DemoCounts> {
  const { agencies, departments, enterprises } = options
  return Object.fromEntries(
    Object.entries({ agencies, departments, enterprises }).filter(([, v]) => v !== undefined),
  )
}
