import type { OrganisationDraft } from './registry-agency.ts'
import { type DemoGenerator, enterpriseBusinesses } from './registry-generator.ts'
import { orderedUuid } from './registry-ids.ts'
import { landline, type Place, placeName, regionCodes, streetAddress } from './registry-places.ts'

interface BuyerContext {
  supervisorId: string
  today: Date
}

const nothingElse = () => ({
  qualifications: [],
  practitioners: [],
  offerings: [],
  cases: [],
  supervision: [],
})

/**
 * A department at city or county level. Seeded departments count as verified by the demo
 * supervisor, so they can publish projects at once.
 */
export function drawDepartment(
  g: DemoGenerator,
  { place, atCity }: { place: Place; atCity: boolean },
  { supervisorId, today }: BuyerContext,
): OrganisationDraft {
  const f = g.faker
  const { name, place: seat, approvalAuthority } = g.department(place, atCity)
  const id = orderedUuid()
  const createdAt = g.registeredAt(today)
  const verifiedAt = f.date.between({ from: createdAt, to: today })
  const contact = { name: g.personName(), phone: g.phone() }
  const users = f.datatype.boolean(0.5)
    ? [contact, { name: g.personName(), phone: g.phone() }]
    : [contact]
  return {
    ...nothingElse(),
    organisation: {
      id,
      kind: 'department',
      name,
      uscc: g.uscc('department', seat.county.code),
      legalRepresentative: g.personName(),
      address: streetAddress(f, seat, true),
      ...regionCodes(seat),
      contactName: contact.name,
      contactPhone: landline(f, seat),
      contactEmail: g.email(),
      approvalAuthority,
      verifiedAt,
      createdAt,
    },
    users,
    supervision: [
      {
        organisationId: id,
        kind: 'verified',
        reason: '机构编制信息核验一致。',
        supervisorId,
        createdAt: verifiedAt,
      },
    ],
  }
}

/** An enterprise: registers and buys, no verification needed. */
export function drawEnterprise(g: DemoGenerator, place: Place, today: Date): OrganisationDraft {
  const f = g.faker
  const business = f.helpers.arrayElement(enterpriseBusinesses)
  const contact = { name: g.personName(), phone: g.phone() }
  const name = g.companyName(place, business)
  return {
    ...nothingElse(),
    organisation: {
      id: orderedUuid(),
      kind: 'enterprise',
      name,
      uscc: g.uscc('enterprise', place.county.code),
      legalRepresentative: g.personName(),
      address: streetAddress(f, place),
      ...regionCodes(place),
      contactName: contact.name,
      contactPhone: contact.phone,
      contactEmail: g.email(),
      introduction: `注册于${placeName(place, 'county')}，近期有项目立项、环境影响评价和工程建设方面的中介服务需求。`,
      createdAt: g.registeredAt(today),
    },
    users: [contact],
  }
}
