// Contracts ready for payment, and calls into the payment routes as a signed-in browser would.
import { eq } from 'drizzle-orm'
import type { AppLoadContext } from '@remix-run/node'
import { commitSessionCookie } from '../../app/session.server.ts'
import type { Actor } from '../../models/context.ts'
import { decideDelivery, submitDelivery } from '../../models/contract-service.ts'
import { setMilestones, signContract } from '../../models/contract-signing.ts'
import { payments } from '../../models/db/schema-contracts.ts'
import { projectEvents } from '../../models/db/schema-procedures.ts'
import { startSession } from '../../models/sessions.ts'
import { awardedContract, contractRow, signedContract } from './contract-fixture.ts'
import { as, type ProcedureWorld } from './procedure-fixture.ts'

/** A contract delivered and accepted by `buyer`: its payment deadline is running. */
export async function acceptedContract(world: ProcedureWorld, buyer: Actor) {
  const signed = await signedContract(world, buyer)
  await submitDelivery(as(world, signed.winner), signed.contract.id, {
    note: '成果',
    uploadIds: [],
  })
  await decideDelivery(as(world, buyer), signed.contract.id, { accept: true, reason: '' })
  return { ...signed, contract: await contractRow(world, signed.contract.id) }
}

/** A contract in service with two milestones: 30 % on signing, 70 % after acceptance. */
export async function milestoneContract(world: ProcedureWorld, buyer: Actor) {
  const awarded = await awardedContract(world, buyer)
  await setMilestones(as(world, buyer), awarded.contract.id, [
    { name: '签订后预付', percent: 30 },
    { name: '验收合格后', percent: 70 },
  ])
  await signContract(as(world, awarded.winner), awarded.contract.id)
  await signContract(as(world, buyer), awarded.contract.id)
  return { ...awarded, contract: await contractRow(world, awarded.contract.id) }
}

export async function deliverAndAccept(
  world: ProcedureWorld,
  buyer: Actor,
  winner: Actor,
  id: string,
) {
  await submitDelivery(as(world, winner), id, { note: '成果', uploadIds: [] })
  await decideDelivery(as(world, buyer), id, { accept: true, reason: '' })
}

export const paymentsOf = (world: ProcedureWorld, contractId: string) =>
  world.handle.db.select().from(payments).where(eq(payments.contractId, contractId))

export const timelineOf = (world: ProcedureWorld, projectId: string) =>
  world.handle.db
    .select({ kind: projectEvents.kind, summary: projectEvents.summary })
    .from(projectEvents)
    .where(eq(projectEvents.projectId, projectId))

export const ORIGIN = 'http://127.0.0.1:3000'
export const routeContext = {
  cspNonce: 'n',
  csrfToken: 'csrf-token-for-tests',
  clientIp: '127.0.0.1',
} as unknown as AppLoadContext

export async function cookieFor(world: ProcedureWorld, actor: Actor) {
  const { id } = await startSession(world.handle.db, actor.userId)
  return (await commitSessionCookie(new Request(`${ORIGIN}/`), id)).split(';')[0]!
}

/** A browser's POST of `fields` (and files) to /contracts/:id/payment, CSRF token included. */
export async function paymentPost(
  world: ProcedureWorld,
  actor: Actor,
  contractId: string,
  fields: Record<string, string | File>,
) {
  const form = new FormData()
  form.set('csrf', 'csrf-token-for-tests')
  for (const [name, value] of Object.entries(fields)) form.set(name, value)
  return new Request(`${ORIGIN}/contracts/${contractId}/payment`, {
    method: 'POST',
    headers: { cookie: await cookieFor(world, actor), origin: ORIGIN },
    body: form,
  })
}
