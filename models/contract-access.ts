import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import type { Ctx } from './context.ts'
import { type Contract, sideOf } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts } from './db/schema-contracts.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, serviceItems } from './db/schema.ts'
import { ForbiddenError, NotFoundError, NotSignedInError } from './errors.ts'
import { isUuid } from './validation/registry.ts'

/**
 * How the actor stands to a contract: one of its parties, a supervisor, or the approval
 * department (审批部门) named by the item for the project's city, which may rate quality.
 */
export type ContractViewer = 'buyer' | 'agency' | 'supervisor' | 'approval'

/** Whether a department is the approval authority for this contract's item and place. */
export async function isApprovalDepartmentFor(
  db: Database,
  organisationId: string,
  contract: Pick<Contract, 'serviceItemCode' | 'projectId'>,
) {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .innerJoin(serviceItems, eq(serviceItems.code, contract.serviceItemCode))
    .innerJoin(projects, eq(projects.id, contract.projectId))
    .where(
      and(
        eq(organisations.id, organisationId),
        eq(organisations.kind, 'department'),
        eq(organisations.approvalAuthority, serviceItems.department),
        eq(organisations.cityCode, projects.cityCode),
        // Anyone may sign up as a department: only a verified one speaks for the authority.
        isNotNull(organisations.verifiedAt),
        isNull(organisations.suspendedAt),
      ),
    )
  return row != null
}

export async function viewerOf(ctx: Ctx, contract: Contract): Promise<ContractViewer | null> {
  const actor = ctx.actor
  if (!actor) return null
  if (actor.role === 'supervisor') return 'supervisor'
  const side = sideOf(actor, contract)
  if (side) return side
  if (
    actor.role === 'department' &&
    actor.organisationId &&
    (await isApprovalDepartmentFor(ctx.db, actor.organisationId, contract))
  )
    return 'approval'
  return null
}

/** A contract the actor may read, with how they stand to it; others get 403, strangers 404. */
export async function requireContractViewer(ctx: Ctx, contractId: string) {
  if (!ctx.actor) throw new NotSignedInError()
  if (!isUuid(contractId)) throw new NotFoundError('合同不存在')
  const [contract] = await ctx.db.select().from(contracts).where(eq(contracts.id, contractId))
  if (!contract) throw new NotFoundError('合同不存在')
  const viewer = await viewerOf(ctx, contract)
  if (!viewer) throw new ForbiddenError('只有合同双方、审批部门和监管人员可以查看合同')
  return { contract, viewer }
}
