import { eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { requireContractViewer } from './contract-access.ts'
import type { Ctx } from './context.ts'
import { serviceItems, organisations } from './db/schema.ts'

const agency = alias(organisations, 'agency')

/** What every contract page shows at its top: number, parties, amount, status, and who is looking. */
export async function getContractHeader(ctx: Ctx, contractId: string) {
  const { contract, viewer } = await requireContractViewer(ctx, contractId)
  const [names] = await ctx.db
    .select({
      buyerName: organisations.name,
      buyerKind: organisations.kind,
      itemName: serviceItems.name,
    })
    .from(organisations)
    .innerJoin(serviceItems, eq(serviceItems.code, contract.serviceItemCode))
    .where(eq(organisations.id, contract.buyerId))
  const [agencyRow] = await ctx.db
    .select({ name: agency.name })
    .from(agency)
    .where(eq(agency.id, contract.agencyId))
  return {
    contract: {
      id: contract.id,
      number: contract.number,
      projectId: contract.projectId,
      title: contract.title,
      status: contract.status,
      funding: contract.funding,
      amountFen: contract.amountFen,
      buyerId: contract.buyerId,
      agencyId: contract.agencyId,
      acceptedAt: contract.acceptedAt,
      paidAt: contract.paidAt,
      evaluatedAt: contract.evaluatedAt,
    },
    buyerName: names?.buyerName ?? '',
    buyerKind: names?.buyerKind ?? 'department',
    itemName: names?.itemName ?? '',
    agencyName: agencyRow?.name ?? '',
    viewer,
  }
}

export type ContractHeader = Awaited<ReturnType<typeof getContractHeader>>
