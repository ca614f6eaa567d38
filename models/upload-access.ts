import { eq } from 'drizzle-orm'
import { viewerOf } from './contract-access.ts'
import type { Ctx } from './context.ts'
import { contracts, deliveries, deliveryFiles, payments } from './db/schema-contracts.ts'
import { complaints, creditAppeals } from './db/schema-credit.ts'
import { bids, objections, projects } from './db/schema-procedures.ts'
import { organisations, qualifications, uploads } from './db/schema.ts'

/** 'private': served only to this reader, never from a shared cache. */
export type UploadAccess = 'public' | 'private' | 'none'

/**
 * Who may read a stored file. Files are kept once by content, so one file can serve several
 * uses, and any public use makes it public: a logo, a qualification scan, the evidence of an
 * objection or a credit appeal (their public pages link it), an opened bid's proposal. A
 * proposal of a bid not yet opened is sealed: its agency's alone, not even a supervisor's.
 * Anything else is private to its uploader and to whoever may read what holds it: a
 * complaint's evidence to the complainant and supervisors, a delivery's files and a payment
 * voucher to the contract's readers (models/contract-access.ts).
 */
export async function uploadAccess(ctx: Ctx, id: string): Promise<UploadAccess> {
  const db = ctx.db
  const [[row], logos, scans, objected, appealed, proposals, complained, delivered, vouchers] =
    await Promise.all([
      db.select({ uploadedBy: uploads.uploadedBy }).from(uploads).where(eq(uploads.id, id)),
      db
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.logoUploadId, id))
        .limit(1),
      db
        .select({ id: qualifications.id })
        .from(qualifications)
        .where(eq(qualifications.scanUploadId, id))
        .limit(1),
      db.select({ id: objections.id }).from(objections).where(eq(objections.uploadId, id)).limit(1),
      db
        .select({ id: creditAppeals.id })
        .from(creditAppeals)
        .where(eq(creditAppeals.uploadId, id))
        .limit(1),
      db
        .select({ agencyId: bids.agencyId, openedAt: projects.openedAt })
        .from(bids)
        .innerJoin(projects, eq(projects.id, bids.projectId))
        .where(eq(bids.proposalUploadId, id)),
      db
        .select({
          organisationId: complaints.complainantOrganisationId,
          userId: complaints.complainantUserId,
        })
        .from(complaints)
        .where(eq(complaints.uploadId, id)),
      db
        .select({ contract: contracts })
        .from(deliveryFiles)
        .innerJoin(deliveries, eq(deliveries.id, deliveryFiles.deliveryId))
        .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
        .where(eq(deliveryFiles.uploadId, id)),
      db
        .select({ contract: contracts })
        .from(payments)
        .innerJoin(contracts, eq(contracts.id, payments.contractId))
        .where(eq(payments.voucherUploadId, id)),
    ])
  if (!row) return 'none'
  if (logos.length + scans.length + objected.length + appealed.length > 0) return 'public'

  const actor = ctx.actor
  const sealed = proposals.filter((bid) => !bid.openedAt)
  if (sealed.length > 0)
    return sealed.every((bid) => bid.agencyId === actor?.organisationId) ? 'private' : 'none'
  if (proposals.length > 0) return 'public'

  if (!actor) return 'none'
  if (row.uploadedBy === actor.userId) return 'private'
  const held = [...delivered, ...vouchers].map((r) => r.contract)
  if (actor.role === 'supervisor' && complained.length + held.length > 0) return 'private'
  const ownComplaint = complained.some(
    (c) =>
      c.userId === actor.userId ||
      (c.organisationId != null && c.organisationId === actor.organisationId),
  )
  if (ownComplaint) return 'private'
  for (const contract of held) if (await viewerOf(ctx, contract)) return 'private'
  return 'none'
}
