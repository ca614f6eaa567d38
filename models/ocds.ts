import { desc, eq } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import type { Database } from './db/client.ts'
import { ocdsReleases } from './db/schema-ocds.ts'
import { loadOcdsState, readPublishedProject } from './ocds-state.ts'
import { DEFAULT_OCID_PREFIX, OCID_PREFIX_PATTERN } from './rules/ocds-package.ts'
import {
  assembleRelease,
  compileReleaseBody,
  releaseBody,
  releaseTags,
  sameContent,
} from './rules/ocds-release.ts'
import type { OcdsRelease } from './rules/ocds-types.ts'

/**
 * OCDS open data (docs/ocds.md): every public step of a project publishes a release of its
 * new state, stored and never changed, in the step's own transaction.
 */

/**
 * The publisher's ocid prefix. A real publisher registers one with the Open Contracting
 * Partnership; the default is a placeholder that is not registered.
 */
export function ocidPrefix(): string {
  const prefix = process.env.OCDS_OCID_PREFIX?.trim() || DEFAULT_OCID_PREFIX
  if (!OCID_PREFIX_PATTERN.test(prefix))
    throw new Error(`OCDS_OCID_PREFIX must be "ocds-" and six letters or digits, not "${prefix}"`)
  return prefix
}

export const ocidFor = (projectId: string) => `${ocidPrefix()}-${projectId}`

async function lastRelease(tx: Database, projectId: string) {
  const [row] = await tx
    .select({ ocid: ocdsReleases.ocid, release: ocdsReleases.release })
    .from(ocdsReleases)
    .where(eq(ocdsReleases.projectId, projectId))
    .orderBy(desc(ocdsReleases.seq))
    .limit(1)
  return row ?? null
}

/** Release ids number a process's releases from 1: `${ocid}-${n}`. */
function nextReleaseId(ocid: string, last: OcdsRelease | null) {
  const n = last ? Number(last.id.slice(ocid.length + 1)) + 1 : 1
  return `${ocid}-${n}`
}

/**
 * Publishes the project's current public state as a release, unless it is a draft or nothing
 * public changed since the last release. Called by recordProjectStep after the audit event:
 * the audit chain's lock, held to commit, serialises publishing, so the numbering cannot race
 * and the publication order (seq) is the commit order. Returns the release written.
 */
export async function publishOcdsRelease(
  tx: Database,
  projectId: string,
  step: { action: string },
): Promise<OcdsRelease | null> {
  const project = await readPublishedProject(tx, projectId)
  if (!project) return null
  const last = await lastRelease(tx, projectId)
  // A process keeps its first ocid even if the configured prefix changes later.
  const ocid = last?.ocid ?? ocidFor(projectId)
  const now = await platformNow(tx)
  const state = await loadOcdsState(tx, project, ocid, now)
  const previous = last ? releaseBody(last.release) : null
  const body = compileReleaseBody(state, previous)
  if (previous && sameContent(previous, body)) return null
  const tags = releaseTags(previous, body)
  const release = assembleRelease(body, nextReleaseId(ocid, last?.release ?? null), now, tags)
  await tx.insert(ocdsReleases).values({
    id: release.id,
    ocid,
    projectId,
    date: now,
    tags,
    step: step.action,
    release,
  })
  return release
}
