import { eq } from 'drizzle-orm'
import { reindexAgencies } from '../search/indexing.ts'
import { appendAuditEvent } from './audit.ts'
import { type Actor, type Ctx, requireRole } from './context.ts'
import { organisations, type Role, serviceItems, uploads } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { isHenanCounty } from './regions.ts'
import { imageContentTypes } from './rules/file-types.ts'

/**
 * The actor's own organisation, for one of `roles`. Ownership always comes from the
 * session, never from an id a form sent.
 */
export function requireOwnOrganisation(ctx: Ctx, ...roles: Exclude<Role, 'supervisor'>[]) {
  const actor: Actor = requireRole(ctx, ...roles)
  if (!actor.organisationId) throw new ForbiddenError('您的账号不属于任何机构')
  return { actor, organisationId: actor.organisationId }
}

const organisationRoles = ['agency', 'department', 'enterprise'] as const

/** What an organisation says about itself: its own edit page and its public page show these. */
export const profileColumns = {
  name: organisations.name,
  uscc: organisations.uscc,
  legalRepresentative: organisations.legalRepresentative,
  address: organisations.address,
  regionCode: organisations.regionCode,
  contactName: organisations.contactName,
  contactPhone: organisations.contactPhone,
  contactEmail: organisations.contactEmail,
  introduction: organisations.introduction,
  logoUploadId: organisations.logoUploadId,
}

export async function getMyProfile(ctx: Ctx) {
  const { organisationId } = requireOwnOrganisation(ctx, ...organisationRoles)
  const [row] = await ctx.db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      ...profileColumns,
      approvalAuthority: organisations.approvalAuthority,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!row) throw new NotFoundError('机构不存在')
  return row
}

export interface ProfileInput {
  name: string
  legalRepresentative: string
  address: string
  /** A Henan county code, or null for an organisation outside Henan. */
  regionCode: string | null
  contactName: string
  contactPhone: string
  contactEmail?: string
  introduction?: string
  /** An upload's id to use as the logo; null removes it; undefined keeps the current one. */
  logoUploadId?: string | null
  /** A department's approval authority (a catalogue department); null clears, undefined keeps. */
  approvalAuthority?: string | null
}

/** The catalogue's approval authorities (生态环境局, 水利局 …), for a department to say which it is. */
export async function approvalAuthorities(db: Ctx['db']) {
  const rows = await db
    .selectDistinct({ department: serviceItems.department })
    .from(serviceItems)
    .orderBy(serviceItems.department)
  return rows.map((r) => r.department)
}

const profileFields = [
  'name',
  'legalRepresentative',
  'address',
  'regionCode',
  'contactName',
  'contactPhone',
  'contactEmail',
  'introduction',
  'logoUploadId',
  'approvalAuthority',
] as const

/**
 * The county's city for the directory filter: always its first four digits, so
 * 济源市 (419001, directly under the province) files under 4190.
 */
export function cityCodeOf(regionCode: string): string {
  return regionCode.slice(0, 4)
}

/**
 * Updates the actor's organisation profile (never its USCC or kind). The city code is
 * derived here so the directory's city filter cannot drift from the county.
 */
export async function updateMyProfile(ctx: Ctx, input: ProfileInput) {
  const { actor, organisationId } = requireOwnOrganisation(ctx, ...organisationRoles)
  if (input.regionCode != null && !isHenanCounty(input.regionCode))
    throw ValidationError.field('regionCode', '请从列表中选择所在地区')
  return inTransaction(ctx.db, async (tx) => {
    if (input.logoUploadId) {
      const [logo] = await tx
        .select({ contentType: uploads.contentType })
        .from(uploads)
        .where(eq(uploads.id, input.logoUploadId))
      if (!logo || !imageContentTypes.includes(logo.contentType))
        throw ValidationError.field('logo', '仅支持 JPG、PNG 图片')
    }
    const [before] = await tx
      .select()
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for('update')
    if (!before) throw new NotFoundError('机构不存在')
    const authority = before.kind === 'department' ? input.approvalAuthority : undefined
    if (authority && !(await approvalAuthorities(tx)).includes(authority))
      throw ValidationError.field('approvalAuthority', '请从列表中选择审批职能')
    const next = {
      name: input.name,
      legalRepresentative: input.legalRepresentative,
      address: input.address,
      regionCode: input.regionCode,
      cityCode: input.regionCode ? cityCodeOf(input.regionCode) : null,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      contactEmail: input.contactEmail ?? '',
      introduction: input.introduction ?? '',
      logoUploadId: input.logoUploadId === undefined ? before.logoUploadId : input.logoUploadId,
      approvalAuthority: authority === undefined ? before.approvalAuthority : authority || null,
    }
    const changed = profileFields.filter((field) => before[field] !== next[field])
    if (changed.length === 0) return { changed }
    await tx.update(organisations).set(next).where(eq(organisations.id, organisationId))
    if (before.kind === 'agency') await reindexAgencies(tx, [organisationId])
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'organisation.profile_updated',
      subjectType: 'organisation',
      subjectId: organisationId,
      // A new name is recorded in full: the public knows organisations by it.
      data: {
        changed,
        ...(changed.includes('name') ? { name: { from: before.name, to: next.name } } : {}),
        ...(changed.includes('regionCode') ? { regionCode: next.regionCode } : {}),
        ...(changed.includes('approvalAuthority')
          ? { approvalAuthority: next.approvalAuthority }
          : {}),
      },
    })
    return { changed }
  })
}
