import { eq, inArray } from 'drizzle-orm'
import { sha256 } from './audit.ts'
import type { Database } from './db/client.ts'
import { bids } from './db/schema-procedures.ts'
import { organisations } from './db/schema.ts'
import type { ProjectResult } from './project-award.ts'
import {
  DEFAULT_DRAW_BACKUPS,
  drawCommitment,
  drawOrder,
  drawSeed,
  drawSeedInput,
} from './rules/draw.ts'

/** The columns of a project the public draw record is made from (never the sealed secret). */
export interface DrawProject {
  id: string
  method: string
  drawCommitment: string | null
  publishedAt: Date | null
  result: Record<string, unknown> | null
}

/** The inputs and outcome of a published draw, as in ProjectResult.draw. */
export interface PublishedDrawInputs {
  secret: string
  seed: string
  signUpIds: string[]
  order: string[]
}

export function publishedDraw(project: DrawProject): PublishedDrawInputs | null {
  const result = project.result as ProjectResult | null
  return project.method === 'lottery' && result?.draw ? result.draw : null
}

/** The winner and backups as published: the ranking, which skips names struck out later. */
function winnerAndBackups(project: DrawProject, order: readonly string[]) {
  const ranking = (project.result as ProjectResult | null)?.ranking ?? []
  const ranked = ranking.length > 0 ? ranking.map((entry) => entry.bidId) : order
  return { winner: ranked[0] ?? null, backups: ranked.slice(1, 1 + DEFAULT_DRAW_BACKUPS) }
}

/**
 * The draw's public record for the API and the CLI: the commitment always, the rest once
 * drawn. `order` is the order as drawn; if an upheld objection struck a name out, the next
 * ones moved up, so `winner` and `backups` follow the published ranking.
 */
export function drawRecord(project: DrawProject) {
  if (project.method !== 'lottery') return null
  const draw = publishedDraw(project)
  return {
    commitment: project.drawCommitment,
    committedAt: project.publishedAt,
    secret: draw?.secret ?? null,
    signUpIds: draw?.signUpIds ?? null,
    seed: draw?.seed ?? null,
    order: draw?.order ?? null,
    ...(draw ? winnerAndBackups(project, draw.order) : { winner: null, backups: null }),
  }
}

/** Recomputes a published draw with models/rules/draw.ts: each step agrees or it does not. */
export function checkPublishedDraw(
  projectId: string,
  commitment: string | null,
  draw: PublishedDrawInputs,
) {
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work()
    } catch {
      return null
    }
  }
  const seed = attempt(() => drawSeed(draw.secret, draw.signUpIds, projectId, sha256))
  const order = seed ? attempt(() => drawOrder(seed, draw.signUpIds, sha256)) : null
  const commitmentOk =
    commitment != null && attempt(() => drawCommitment(draw.secret, sha256)) === commitment
  const seedOk = seed === draw.seed
  const orderOk = order != null && order.join(',') === draw.order.join(',')
  return { commitmentOk, seedOk, orderOk, ok: commitmentOk && seedOk && orderOk }
}

/**
 * Everything /projects/:id/draw shows: the commitment from publication and, once drawn, the
 * revealed secret, the sorted sign-ups with their agencies, the seed input, seed and order,
 * with the platform's own recomputation.
 */
export async function getDrawView(db: Database, project: DrawProject) {
  const draw = publishedDraw(project)
  if (!draw)
    return { commitment: project.drawCommitment, committedAt: project.publishedAt, revealed: null }
  const rows =
    draw.signUpIds.length === 0
      ? []
      : await db
          .select({ bidId: bids.id, agencyId: bids.agencyId, agencyName: organisations.name })
          .from(bids)
          .innerJoin(organisations, eq(organisations.id, bids.agencyId))
          .where(inArray(bids.id, draw.signUpIds))
  const byBid = new Map(rows.map((r) => [r.bidId, r]))
  const signUp = (bidId: string) => ({
    bidId,
    agencyId: byBid.get(bidId)?.agencyId ?? null,
    agencyName: byBid.get(bidId)?.agencyName ?? '（未知）',
  })
  let seedInput: string | null
  try {
    seedInput = drawSeedInput(draw.secret, draw.signUpIds, project.id)
  } catch {
    seedInput = null
  }
  const result = project.result as unknown as ProjectResult
  const { winner, backups } = winnerAndBackups(project, draw.order)
  const excluded = new Map((result.excluded ?? []).map((e) => [e.bidId, e.reason]))
  const roleOf = (bidId: string) => {
    if (bidId === winner) return '中选'
    const backup = backups.indexOf(bidId)
    if (backup >= 0) return `候补 ${backup + 1}`
    return excluded.has(bidId) ? `已排除（${excluded.get(bidId)}）` : ''
  }
  return {
    commitment: project.drawCommitment,
    committedAt: project.publishedAt,
    revealed: {
      secret: draw.secret,
      seed: draw.seed,
      seedInput,
      signUps: [...draw.signUpIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(signUp),
      order: draw.order.map((bidId) => ({ ...signUp(bidId), role: roleOf(bidId) })),
      excluded: (result.excluded ?? []).filter((e) => !draw.signUpIds.includes(e.bidId)),
      check: checkPublishedDraw(project.id, project.drawCommitment, draw),
    },
  }
}

export type DrawView = Awaited<ReturnType<typeof getDrawView>>
