import { asc, isNull } from 'drizzle-orm'
import type { Actor } from '../models/context.ts'
import type { Database } from '../models/db/client.ts'
import {
  offerings,
  organisations,
  qualifications,
  serviceItems,
  users,
} from '../models/db/schema.ts'
import { checkEligibility } from '../models/rules/eligibility.ts'
import { shanghaiDate } from '../models/rules/qualifications.ts'
import { verifyOrganisation } from '../models/supervision.ts'

/** Who and what the demo projects are made of, read from the seeded registry. */

export interface SeedItem {
  code: string
  name: string
  department: string
  qualification: string | null
  feeMinFen: number
  feeMaxFen: number
  timeLimitWorkdays: number
}

export interface SeedAgency {
  id: string
  name: string
  createdAt: Date
  actor: Actor
  qualifications: { type: string; validFrom: string; validTo: string | null }[]
}

/** One agency's listing for an item: who may bid, and within which fee. */
export interface SeedOffer {
  agency: SeedAgency
  itemCode: string
  feeMinFen: number
  feeMaxFen: number
  timeLimitDays: number
  listedAt: Date
}

export interface SeedBuyer {
  id: string
  name: string
  kind: 'department' | 'enterprise'
  regionCode: string
  since: Date
  actor: Actor
}

export interface SeedWorld {
  items: SeedItem[]
  /** Offers that can take part at all: not paused, agency neither suspended nor blacklisted. */
  offersByItem: Map<string, SeedOffer[]>
  /** Agencies that may act (neither suspended nor blacklisted), by id. */
  agencies: Map<string, SeedAgency>
  departments: SeedBuyer[]
  enterprises: SeedBuyer[]
  supervisor: Actor
  /** The demo accounts' organisations, when found. */
  demo: { agencyId?: string; departmentId?: string; enterpriseId?: string }
}

/**
 * The user who acts for each organisation: the demo account's for the demo organisations
 * (so their pages show "submitted by me"), otherwise the first (the contact person).
 */
async function actingUsers(db: Database, demoLogins: readonly string[]) {
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      phone: users.phone,
      organisationId: users.organisationId,
    })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.createdAt), asc(users.id))
  const byOrganisation = new Map<string, (typeof rows)[number]>()
  for (const row of rows)
    if (row.organisationId && !byOrganisation.has(row.organisationId))
      byOrganisation.set(row.organisationId, row)
  for (const row of rows)
    if (row.organisationId && demoLogins.includes(row.phone))
      byOrganisation.set(row.organisationId, row)
  return { rows, byOrganisation }
}

export async function loadSeedWorld(
  db: Database,
  demoLogins: readonly string[],
  startsAt: Date,
): Promise<SeedWorld> {
  const { rows: allUsers, byOrganisation } = await actingUsers(db, demoLogins)
  const supervisorUser = allUsers.find((u) => u.role === 'supervisor')
  if (!supervisorUser) throw new Error('seed: no supervisor to verify departments')
  const supervisor: Actor = {
    userId: supervisorUser.id,
    role: 'supervisor',
    name: supervisorUser.name,
    organisationId: null,
    organisationName: null,
  }
  const orgs = await db.select().from(organisations).orderBy(asc(organisations.id))
  const actorOf = (org: (typeof orgs)[number]): Actor | null => {
    const user = byOrganisation.get(org.id)
    return user
      ? {
          userId: user.id,
          role: user.role,
          name: user.name,
          organisationId: org.id,
          organisationName: org.name,
        }
      : null
  }

  // Departments publish only once verified; the registry verifies them all, but make sure.
  for (const org of orgs)
    if (org.kind === 'department' && !org.verifiedAt && !org.suspendedAt) {
      await verifyOrganisation({ db, actor: supervisor }, { organisationId: org.id })
      org.verifiedAt = new Date()
    }

  const buyers = (kind: 'department' | 'enterprise') =>
    orgs
      .filter((o) => o.kind === kind && !o.suspendedAt)
      .flatMap((o): SeedBuyer[] => {
        const actor = actorOf(o)
        if (!actor || !o.regionCode) return []
        const since = kind === 'department' ? (o.verifiedAt ?? o.createdAt) : o.createdAt
        return [{ id: o.id, name: o.name, kind, regionCode: o.regionCode, since, actor }]
      })
  // Buyers who were on the platform (and verified) before the story starts, and the demo
  // accounts' in any case, as their users come to see projects; all, if none were.
  const demoIds = new Set(
    demoLogins.map((login) => allUsers.find((u) => u.phone === login)?.organisationId),
  )
  const settled = (list: SeedBuyer[]) => {
    const early = list.filter((b) => b.since < startsAt || demoIds.has(b.id))
    return early.length > 0 ? early : list
  }

  const held = await db.select().from(qualifications)
  const heldBy = new Map<string, SeedAgency['qualifications']>()
  for (const q of held)
    (heldBy.get(q.agencyId) ?? heldBy.set(q.agencyId, []).get(q.agencyId)!).push({
      type: q.type,
      validFrom: q.validFrom,
      validTo: q.validTo,
    })
  const agencies = new Map<string, SeedAgency>()
  for (const org of orgs) {
    if (org.kind !== 'agency' || org.suspendedAt || org.blacklistedUntil) continue
    const actor = actorOf(org)
    if (!actor) continue
    agencies.set(org.id, {
      id: org.id,
      name: org.name,
      createdAt: org.createdAt,
      actor,
      qualifications: heldBy.get(org.id) ?? [],
    })
  }

  const offersByItem = new Map<string, SeedOffer[]>()
  const listed = await db
    .select()
    .from(offerings)
    .where(isNull(offerings.pausedAt))
    .orderBy(asc(offerings.serviceItemCode), asc(offerings.agencyId))
  for (const o of listed) {
    const agency = agencies.get(o.agencyId)
    if (!agency) continue
    const offer: SeedOffer = {
      agency,
      itemCode: o.serviceItemCode,
      feeMinFen: o.feeMinFen,
      feeMaxFen: o.feeMaxFen,
      timeLimitDays: o.timeLimitDays,
      listedAt: o.createdAt,
    }
    ;(
      offersByItem.get(o.serviceItemCode) ??
      offersByItem.set(o.serviceItemCode, []).get(o.serviceItemCode)!
    ).push(offer)
  }

  const items = await db
    .select()
    .from(serviceItems)
    .where(isNull(serviceItems.retiredAt))
    .orderBy(asc(serviceItems.code))
  const demoOfKind = (kind: string) =>
    orgs.find((o) => o.kind === kind && demoIds.has(o.id))?.id ?? undefined
  return {
    items: items.map((i) => ({
      code: i.code,
      name: i.name,
      department: i.department,
      qualification: i.qualification,
      feeMinFen: i.feeMinFen ?? 100_00,
      feeMaxFen: i.feeMaxFen ?? 100_000_00,
      timeLimitWorkdays: i.timeLimitWorkdays,
    })),
    offersByItem,
    agencies,
    departments: settled(buyers('department')),
    enterprises: settled(buyers('enterprise')),
    supervisor,
    demo: {
      agencyId: demoOfKind('agency'),
      departmentId: demoOfKind('department'),
      enterpriseId: demoOfKind('enterprise'),
    },
  }
}

/**
 * Whether the offer's agency may take part in a project with this deadline, acting at
 * `actsAt`: it was listed by then and holds the item's qualification on the deadline day —
 * the rule submitBid and the opening apply.
 */
export function canTakePart(
  offer: SeedOffer,
  item: SeedItem,
  actsAt: Date,
  deadline: Date,
): boolean {
  if (offer.agency.createdAt >= actsAt || offer.listedAt >= actsAt) return false
  return checkEligibility({
    offersItem: true,
    offeringPaused: false,
    requiredQualification: item.qualification,
    qualifications: offer.agency.qualifications,
    onDate: shanghaiDate(deadline),
    suspended: false,
    blacklisted: false,
  }).eligible
}
