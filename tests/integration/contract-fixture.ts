import { eq } from 'drizzle-orm'
import type { Actor } from '../../models/context.ts'
import { signContract } from '../../models/contract-signing.ts'
import { contracts } from '../../models/db/schema-contracts.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import type { ProjectForm } from '../../models/validation/projects.ts'
import {
  agenciesInMarket,
  as,
  bid,
  passTime,
  type ProcedureWorld,
  publishedProject,
} from './procedure-fixture.ts'

export async function contractRow(world: ProcedureWorld, id: string) {
  const [row] = await world.handle.db.select().from(contracts).where(eq(contracts.id, id))
  return row!
}

export async function projectStatus(world: ProcedureWorld, id: string) {
  const [row] = await world.handle.db
    .select({ status: projects.status })
    .from(projects)
    .where(eq(projects.id, id))
  return row!.status
}

/**
 * A lowest-price project by `buyer` with three bids from the first agencies still in the
 * market (the first one's, 400 元, wins; the second is the runner-up),
 * opened and through its publicity period: its contract is waiting for signatures.
 */
export async function awardedContract(
  world: ProcedureWorld,
  buyer: Actor,
  overrides: Partial<ProjectForm> = {},
) {
  const projectId = await publishedProject(world, buyer, overrides)
  const [a, b, c] = await agenciesInMarket(world)
  if (!c) throw new Error('fewer than three agencies left in the market: give the world more')
  await bid(world, a!, projectId, 40_000)
  await bid(world, b!, projectId, 45_000)
  await bid(world, c!, projectId, 50_000)
  const [project] = await world.handle.db.select().from(projects).where(eq(projects.id, projectId))
  await passTime(world, project!.deadlineAt)
  const [awarded] = await world.handle.db.select().from(projects).where(eq(projects.id, projectId))
  await passTime(world, awarded!.publicityEndsAt!)
  const [contract] = await world.handle.db
    .select()
    .from(contracts)
    .where(eq(contracts.projectId, projectId))
  if (!contract) throw new Error('no contract was drawn up after the award became final')
  return { projectId, contract, winner: a!, runnerUp: b! }
}

/** awardedContract, signed by both: the service clock is running. */
export async function signedContract(
  world: ProcedureWorld,
  buyer: Actor,
  overrides: Partial<ProjectForm> = {},
) {
  const awarded = await awardedContract(world, buyer, overrides)
  await signContract(as(world, awarded.winner), awarded.contract.id)
  await signContract(as(world, buyer), awarded.contract.id)
  return { ...awarded, contract: await contractRow(world, awarded.contract.id) }
}
