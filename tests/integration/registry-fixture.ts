import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { ValidationError } from '../../models/errors.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { loadCatalogue } from '../../seed/catalogue.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

export let handle: DatabaseHandle
export let agencyA: Actor
export let agencyB: Actor
export let department: Actor
export let enterprise: Actor

export async function signedUp(kind: 'agency' | 'department' | 'enterprise'): Promise<Actor> {
  const input = buildSignUp({ kind })
  await signUp(ctxFor(handle), input)
  const { session } = await signIn(ctxFor(handle), { login: input.phone, password: input.password })
  return (await findSessionActor(handle.db, session.id))!
}

/** One database for the file, the catalogue loaded, two agencies and two buyers. */
export function setUpRegistry() {
  beforeAll(async () => {
    handle = await createTestDatabase()
    await loadCatalogue(handle.db)
    ;[agencyA, agencyB, department, enterprise] = await Promise.all([
      signedUp('agency'),
      signedUp('agency'),
      signedUp('department'),
      signedUp('enterprise'),
    ])
  })
  afterAll(() => handle.close())
}

export const as = (actor: Actor) => ctxFor(handle, actor)
export const XSS = '<script>alert(1)</script>'

export async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

export async function lastAudit(subjectId: string) {
  const [event] = await handle.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, subjectId))
    .orderBy(auditEvents.seq)
    .then((rows) => rows.slice(-1))
  return event
}
