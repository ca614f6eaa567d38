import type {
  offeringCases,
  offerings,
  organisations,
  practitioners,
  qualifications,
  supervisionActions,
} from '../models/db/schema.ts'
import type { CatalogueItem } from './catalogue.ts'
import type { Business } from './registry-businesses.ts'
import { drawPractitioner, drawQualification, type Validity } from './registry-credentials.ts'
import type { DemoGenerator } from './registry-generator.ts'
import { orderedUuid } from './registry-ids.ts'
import { drawOfferedItems, drawOfferings } from './registry-offerings.ts'
import { landline, type Place, placeName, regionCodes, streetAddress } from './registry-places.ts'

export type SupervisionRow = typeof supervisionActions.$inferInsert

/** One organisation and everything that hangs off it, ready to insert. */
export interface OrganisationDraft {
  organisation: typeof organisations.$inferInsert
  /** Its users; the first is the contact person. */
  users: { name: string; phone: string }[]
  qualifications: (typeof qualifications.$inferInsert)[]
  practitioners: (typeof practitioners.$inferInsert)[]
  offerings: (typeof offerings.$inferInsert)[]
  cases: (typeof offeringCases.$inferInsert)[]
  supervision: SupervisionRow[]
}

/** A supervisor's public flag or suspension, with its reason. */
export interface Standing {
  kind: 'flagged' | 'suspended'
  reason: string
}

export interface AgencyPlan {
  place: Place
  business: Business
  /** When it joined the platform. */
  registeredAt: Date
  verified: boolean
  standing: Standing | null
  /** The demo agency: a set number of offerings and every qualification valid. */
  showcase?: { offerings: number }
}

export interface DraftContext {
  supervisorId: string
  today: Date
}

const practitionerCounts = [1, 2, 3, 4, 5, 6, 7, 8].map((value, i) => ({
  value,
  weight: [8, 14, 18, 18, 14, 12, 9, 7][i]!,
}))

const mottos = [
  '诚信、专业、高效',
  '质量第一、客户至上',
  '科学、公正、规范',
  '专业创造价值',
  '守法诚信、精益求精',
]

// Public reasons, as a supervisor would write them.
export const flagReasons = [
  '所填办公地址与营业执照登记地址不一致，经实地核查为虚假信息，已通知限期更正。',
  '展示的资质证书已注销仍在平台展示，已要求删除并说明情况。',
  '执业人员名单中 2 人已调离本单位，信息未及时更新，已责令更正。',
]
export const suspensionReasons = [
  '在某污水处理工程环评项目中提供虚假业绩材料，经核查属实，暂停平台服务 6 个月。',
  '中选后无正当理由拒不签订服务合同，暂停平台服务 3 个月。',
  '出具的检测报告数据失实，被行业主管部门行政处罚，暂停平台服务至整改完成。',
]

/** The 2–3 sentences an agency writes about itself. */
function introduction(
  draft: OrganisationDraft,
  business: Business,
  place: Place,
  founded: number,
  g: DemoGenerator,
) {
  const f = g.faker
  const held = draft.qualifications
    .filter((q) => !q.isOther)
    .map((q) => `${q.type}${q.level ? `（${q.level}）` : ''}`)
  const staff = draft.practitioners.length + f.number.int({ min: 3, max: 40 })
  const credentials = held.length > 0 ? `，持有${held.slice(0, 2).join('、')}` : ''
  const sentences = [
    `${draft.organisation.name}成立于${founded}年，位于${placeName(place, 'county')}，专业从事${business.focus}。`,
    `公司现有员工${staff}人，其中${draft.practitioners[0]!.certificateType}等持证执业人员${draft.practitioners.length}人${credentials}。`,
  ]
  if (f.datatype.boolean(0.6))
    sentences.push(
      `近年来为${placeName(place, 'city')}及周边地区${f.number.int({ min: 3, max: 30 }) * 10}余个项目提供技术服务，坚持“${f.helpers.arrayElement(mottos)}”的服务理念。`,
    )
  return sentences.join('')
}

/**
 * Qualifications and practitioners. Most agencies hold what their items require, valid; a
 * few let it lapse (it shows as expired), a few never had it. The demo agency holds all.
 */
function drawCredentials(
  g: DemoGenerator,
  draft: OrganisationDraft,
  items: readonly CatalogueItem[],
  plan: AgencyPlan,
  today: Date,
) {
  const f = g.faker
  const { place, business } = plan
  const agencyId = draft.organisation.id!
  const held = { place, today, createdAt: plan.registeredAt }
  for (const type of new Set(items.flatMap((item) => item.qualification ?? []))) {
    const roll = plan.showcase ? 0 : f.number.float()
    if (roll >= 0.95) continue
    const validity: Validity = roll < 0.9 ? 'valid' : 'expired'
    draft.qualifications.push(drawQualification(f, agencyId, type, { ...held, validity }))
  }
  for (const type of business.extras) {
    if (!f.datatype.boolean(0.45)) continue
    const validity: Validity = f.datatype.boolean(0.95) ? 'valid' : 'expired'
    draft.qualifications.push(drawQualification(f, agencyId, type, { ...held, validity }))
  }
  const certificates = business.certificates.map((value, i, all) => ({
    value,
    weight: all.length - i,
  }))
  const staff = plan.showcase ? 6 : f.helpers.weightedArrayElement(practitionerCounts)
  for (let i = 0; i < staff; i++) {
    const certificateType = f.helpers.weightedArrayElement(certificates)
    draft.practitioners.push(
      drawPractitioner(f, agencyId, {
        name: g.personName(),
        certificateType,
        place,
        createdAt: plan.registeredAt,
      }),
    )
  }
}

/** An agency with its profile, users, qualifications, practitioners and offerings. */
export function drawAgency(
  g: DemoGenerator,
  plan: AgencyPlan,
  { supervisorId, today }: DraftContext,
): OrganisationDraft {
  const f = g.faker
  const { place, business } = plan
  const id = orderedUuid()
  const createdAt = plan.registeredAt
  const name = g.companyName(place, business.suffix)
  const contact = { name: g.personName(), phone: g.phone() }
  const draft: OrganisationDraft = {
    organisation: {
      id,
      kind: 'agency',
      name,
      uscc: g.uscc('agency', place.county.code, business.lawFirm),
      legalRepresentative: g.personName(),
      address: streetAddress(f, place),
      ...regionCodes(place),
      contactName: contact.name,
      contactPhone: f.datatype.boolean(0.75) ? contact.phone : landline(f, place),
      contactEmail: g.email(),
      createdAt,
    },
    users: f.datatype.boolean(0.4)
      ? [contact, { name: g.personName(), phone: g.phone() }]
      : [contact],
    qualifications: [],
    practitioners: [],
    offerings: [],
    cases: [],
    supervision: [],
  }
  const items = drawOfferedItems(f, business, plan.showcase?.offerings)
  drawCredentials(g, draft, items, plan, today)
  Object.assign(draft, drawOfferings(f, id, items, { place, createdAt, today }))
  draft.organisation.activeOfferingCount = draft.offerings.filter((o) => !o.pausedAt).length
  draft.organisation.introduction = introduction(
    draft,
    business,
    place,
    f.number.int({ min: 1998, max: createdAt.getUTCFullYear() }),
    g,
  )
  applyStanding(g, draft, plan, { supervisorId, today })
  return draft
}

/** Verification, a public flag or a suspension, each with the supervisor's record of it. */
function applyStanding(
  g: DemoGenerator,
  draft: OrganisationDraft,
  plan: AgencyPlan,
  { supervisorId, today }: DraftContext,
) {
  const f = g.faker
  const org = draft.organisation
  const act = (kind: SupervisionRow['kind'], reason: string, createdAt: Date) =>
    draft.supervision.push({ organisationId: org.id!, kind, reason, supervisorId, createdAt })
  let since = org.createdAt as Date
  if (plan.verified) {
    org.verifiedAt = since = f.date.between({ from: since, to: today })
    act('verified', '营业执照、资质证书与登记信息核验一致。', since)
  }
  if (plan.standing?.kind === 'flagged') {
    org.flaggedAt = f.date.between({ from: since, to: today })
    org.flagReason = plan.standing.reason
    act('flagged', org.flagReason, org.flaggedAt)
  }
  if (plan.standing?.kind === 'suspended') {
    org.suspendedAt = f.date.between({ from: since, to: today })
    org.suspensionReason = plan.standing.reason
    act('suspended', org.suspensionReason, org.suspendedAt)
  }
}
