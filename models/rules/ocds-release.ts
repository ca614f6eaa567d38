import { awardsSection, contractsSection } from './ocds-contracts.ts'
import { bidsSection, partyId, planningSection, tenderSection } from './ocds-tender.ts'
import type {
  OcdsAward,
  OcdsObject,
  OcdsOrganisation,
  OcdsProjectState,
  OcdsRelease,
  OcdsReleaseBody,
  OcdsReleaseTag,
} from './ocds-types.ts'
import { ORGANISATION_SCHEME } from './ocds-tender.ts'

/**
 * A project's public state as one OCDS 1.1 release (docs/ocds.md). Every release is a full
 * snapshot, so the latest one is also the compiled state; what changed since the previous
 * release of the same ocid picks the tags.
 */

/** Drops null, undefined, empty arrays and empty objects: OCDS omits what is unknown. */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => prune(v) as unknown).filter(present) as T
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => present(v))
    return Object.fromEntries(entries) as T
  }
  return value
}

function present(value: unknown): boolean {
  if (value == null) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/** JSON with every object's keys sorted: equal content, equal text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as OcdsObject)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** What releases are compared on: everything but the id, date and tag. */
export function releaseBody(release: OcdsRelease): OcdsReleaseBody {
  const { id: _id, date: _date, tag: _tag, ...body } = release
  return body
}

export const sameContent = (a: OcdsReleaseBody, b: OcdsReleaseBody) =>
  canonicalJson(a) === canonicalJson(b)

type Role =
  'buyer' | 'procuringEntity' | 'supplier' | 'tenderer' | 'payer' | 'payee' | 'interestedParty'

// The partyRole codelist's order, so roles read the same in every release.
const ROLE_ORDER: Role[] = [
  'buyer',
  'procuringEntity',
  'supplier',
  'tenderer',
  'payer',
  'payee',
  'interestedParty',
]

type Reference = { id: string; name: string }
const refs = (value: unknown) => (Array.isArray(value) ? (value as Reference[]) : [])

/** Every organisation a release refers to, with the roles it plays there. */
function partiesOf(body: OcdsReleaseBody, known: Map<string, OcdsObject>): OcdsObject[] {
  const roles = new Map<string, Set<Role>>()
  const add = (ref: Reference | undefined, role: Role) => {
    if (!ref) return
    if (!roles.has(ref.id)) roles.set(ref.id, new Set())
    roles.get(ref.id)!.add(role)
  }
  add(body.buyer, 'buyer')
  add(body.tender.procuringEntity as Reference, 'procuringEntity')
  for (const ref of refs(body.tender.tenderers)) add(ref, 'tenderer')
  const bids = body.bids as { details?: OcdsObject[] } | undefined
  for (const bid of bids?.details ?? [])
    for (const ref of refs(bid.tenderers))
      add(ref, bid.status === 'invited' ? 'interestedParty' : 'tenderer')
  for (const award of body.awards ?? [])
    for (const ref of refs(award.suppliers)) add(ref, 'supplier')
  for (const contract of body.contracts ?? []) {
    const implementation = contract.implementation as { transactions?: OcdsObject[] } | undefined
    for (const t of implementation?.transactions ?? []) {
      add(t.payer as Reference, 'payer')
      add(t.payee as Reference, 'payee')
    }
  }
  return [...roles].map(([id, set]) => ({
    ...(known.get(id) ?? { id }),
    roles: ROLE_ORDER.filter((r) => set.has(r)),
  }))
}

function party(org: OcdsOrganisation): OcdsObject {
  return {
    id: partyId(org),
    name: org.name,
    identifier: { scheme: ORGANISATION_SCHEME, id: org.uscc, legalName: org.name },
    address: org.regionName ? { region: org.regionName, countryName: '中国' } : undefined,
  }
}

/**
 * Awards of the previous release that the current state no longer has (an upheld objection
 * withdrew the result) stay in the record as cancelled.
 */
function withWithdrawnAwards(awards: OcdsAward[], previous: OcdsReleaseBody | null): OcdsAward[] {
  const current = new Set(awards.map((a) => a.id))
  const gone = (previous?.awards ?? [])
    .filter((a) => !current.has(a.id))
    .map((a) => (a.status === 'unsuccessful' ? a : { ...a, status: 'cancelled' as const }))
  return [...gone, ...awards]
}

/** The release body for `state`, given the previous release of the same ocid (if any). */
export function compileReleaseBody(
  state: OcdsProjectState,
  previous: OcdsReleaseBody | null,
): OcdsReleaseBody {
  const known = new Map<string, OcdsObject>()
  for (const p of previous?.parties ?? []) {
    const { roles: _roles, ...rest } = p
    known.set(p.id as string, rest)
  }
  for (const org of [state.buyer, ...Object.values(state.agencies)])
    known.set(partyId(org), prune(party(org)))
  const related = state.project.republishedFromOcid
  const body = prune<OcdsReleaseBody>({
    ocid: state.ocid,
    initiationType: 'tender',
    language: 'zh',
    parties: [],
    buyer: { id: partyId(state.buyer), name: state.buyer.name },
    planning: planningSection(state),
    tender: tenderSection(state),
    bids: bidsSection(state),
    awards: withWithdrawnAwards(awardsSection(state), previous),
    contracts: contractsSection(state),
    relatedProcesses: related
      ? [
          {
            id: 'republished-from',
            relationship: ['prior'],
            title: '流标或撤销后重新发布的原项目',
            scheme: 'ocid',
            identifier: related,
          },
        ]
      : undefined,
  })
  // Parties come second in the release, but are read off the sections.
  const { ocid, initiationType, language, parties: _none, ...sections } = body
  return { ocid, initiationType, language, parties: partiesOf(body, known), ...sections }
}

// The releaseTag codelist's order.
const TAG_ORDER: OcdsReleaseTag[] = [
  'planning',
  'planningUpdate',
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'awardCancellation',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
  'implementationUpdate',
  'contractTermination',
]

const keyed = <T extends { id: string }>(list: T[] | undefined) =>
  new Map((list ?? []).map((x) => [x.id, x]))

const withoutImplementation = ({ implementation: _i, ...rest }: OcdsObject) => rest

/** The tags of a release that follows `previous` (null for the first) with `next`. */
export function releaseTags(
  previous: OcdsReleaseBody | null,
  next: OcdsReleaseBody,
): OcdsReleaseTag[] {
  if (!previous) return ['tender']
  const tags = new Set<OcdsReleaseTag>()
  const differ = (a: unknown, b: unknown) => canonicalJson(a) !== canonicalJson(b)
  if (differ([previous.tender, previous.bids], [next.tender, next.bids])) {
    const growing = (b: OcdsReleaseBody) =>
      (b.tender.amendments as unknown[] | undefined)?.length ?? 0
    if (next.tender.status === 'cancelled' && previous.tender.status !== 'cancelled')
      tags.add('tenderCancellation')
    else if (growing(next) > growing(previous)) tags.add('tenderAmendment')
    else tags.add('tenderUpdate')
  }
  const awardsBefore = keyed(previous.awards)
  for (const award of next.awards ?? []) {
    const before = awardsBefore.get(award.id)
    if (!before) tags.add('award')
    else if (award.status === 'cancelled' && before.status !== 'cancelled')
      tags.add('awardCancellation')
    else if (differ(before, award)) tags.add('awardUpdate')
  }
  const contractsBefore = keyed(previous.contracts)
  for (const contract of next.contracts ?? []) {
    const before = contractsBefore.get(contract.id)
    if (!before) tags.add('contract')
    else if (differ(withoutImplementation(before), withoutImplementation(contract)))
      tags.add(
        contract.status === 'terminated' && before.status !== 'terminated'
          ? 'contractTermination'
          : 'contractUpdate',
      )
    if (contract.implementation && differ(before?.implementation, contract.implementation))
      tags.add(before?.implementation ? 'implementationUpdate' : 'implementation')
  }
  if (tags.size === 0)
    tags.add(differ(previous.planning, next.planning) ? 'planningUpdate' : 'tenderUpdate')
  return TAG_ORDER.filter((t) => tags.has(t))
}

/** A release: its body with its id, date and tags, in the order OCDS documents them. */
export function assembleRelease(
  body: OcdsReleaseBody,
  id: string,
  date: Date,
  tag: OcdsReleaseTag[],
): OcdsRelease {
  const { ocid, ...rest } = body
  return { ocid, id, date: date.toISOString(), tag, ...rest }
}
