import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { changePassword, signIn, signUp } from '../../models/accounts.ts'
import { recentAuditEvents } from '../../models/audit.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { sessions, users } from '../../models/db/schema.ts'
import { BCRYPT_COST } from '../../models/passwords.ts'
import { ValidationError } from '../../models/errors.ts'
import { sha256 } from '../../models/audit.ts'
import { endSession, findSessionActor } from '../../models/sessions.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

async function fieldErrorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

describe('sign-up', () => {
  it('creates the organisation and its first user with a bcrypt hash, audited', async () => {
    const input = buildSignUp({ kind: 'enterprise' })
    const { organisation, user } = await signUp(ctxFor(handle), input)
    expect(organisation).toMatchObject({ kind: 'enterprise', uscc: input.uscc, verifiedAt: null })
    expect(user.role).toBe('enterprise')
    const [stored] = await handle.db.select().from(users).where(eq(users.id, user.id))
    // 12 outside tests (tests/unit/passwords.test.ts); a test run hashes at bcrypt's minimum.
    const cost = String(BCRYPT_COST).padStart(2, '0')
    expect(stored!.passwordHash).toMatch(new RegExp(`^\\$2[aby]\\$${cost}\\$`))
    expect(stored!.passwordHash).not.toContain(input.password)
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event).toMatchObject({ action: 'account.signed_up', subjectId: organisation.id })
  })

  it('refuses a second organisation with the same USCC, on the uscc field, and writes nothing', async () => {
    const first = buildSignUp()
    await signUp(ctxFor(handle), first)
    const second = buildSignUp({ uscc: first.uscc })
    expect(await fieldErrorOf(signUp(ctxFor(handle), second))).toEqual({
      uscc: [expect.stringContaining('已注册')],
    })
    const orphan = await handle.db.select().from(users).where(eq(users.phone, second.phone))
    expect(orphan).toEqual([])
  })

  it('refuses a phone number already in use', async () => {
    const first = buildSignUp()
    await signUp(ctxFor(handle), first)
    const errors = await fieldErrorOf(signUp(ctxFor(handle), buildSignUp({ phone: first.phone })))
    expect(errors).toEqual({ phone: ['该手机号已注册'] })
  })
})

describe('sign-in and sessions', () => {
  it('signs in by phone or by email and issues a new session each time', async () => {
    const input = buildSignUp({ kind: 'agency' })
    await signUp(ctxFor(handle), input)
    const byPhone = await signIn(ctxFor(handle), { login: input.phone, password: input.password })
    const byEmail = await signIn(ctxFor(handle), { login: input.email!, password: input.password })
    expect(byPhone.session.id).not.toBe(byEmail.session.id)
    const actor = await findSessionActor(handle.db, byPhone.session.id)
    expect(actor).toMatchObject({ role: 'agency', organisationName: input.organisationName })
    // The database holds only a hash of the cookie's id.
    const stored = await handle.db.select().from(sessions).where(eq(sessions.userId, actor!.userId))
    expect(stored.map((s) => s.idHash)).toContain(sha256(byPhone.session.id))
    expect(stored.map((s) => s.idHash)).not.toContain(byPhone.session.id)
  })

  it('sessions expire after 7 days', async () => {
    const input = buildSignUp()
    await signUp(ctxFor(handle), input)
    const { session } = await signIn(ctxFor(handle), {
      login: input.phone,
      password: input.password,
    })
    const days = (session.expiresAt.getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.99)
    expect(days).toBeLessThanOrEqual(7)
    await handle.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.idHash, sha256(session.id)))
    expect(await findSessionActor(handle.db, session.id)).toBeNull()
  })

  it('a wrong password fails with one vague message and is audited', async () => {
    const input = buildSignUp()
    await signUp(ctxFor(handle), input)
    const errors = await fieldErrorOf(
      signIn(ctxFor(handle), { login: input.phone, password: 'wrong-password-1' }),
    )
    expect(errors).toEqual({ password: ['手机号/邮箱或密码不正确'] })
    const unknown = await fieldErrorOf(
      signIn(ctxFor(handle), { login: '13000000000', password: 'whatever1' }),
    )
    expect(unknown).toEqual(errors)
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event).toMatchObject({
      action: 'session.sign_in_failed',
      data: { login: '130****0000' },
    })
  })

  it('sign-out ends the session for good', async () => {
    const input = buildSignUp()
    await signUp(ctxFor(handle), input)
    const { session } = await signIn(ctxFor(handle), {
      login: input.phone,
      password: input.password,
    })
    expect(await endSession(handle.db, session.id)).toBe(true)
    expect(await findSessionActor(handle.db, session.id)).toBeNull()
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event!.action).toBe('session.signed_out')
  })
})

describe('change password', () => {
  it('needs the current password, then ends the other sessions', async () => {
    const input = buildSignUp()
    await signUp(ctxFor(handle), input)
    const login = { login: input.phone, password: input.password }
    const here = await signIn(ctxFor(handle), login)
    const elsewhere = await signIn(ctxFor(handle), login)
    const actor = (await findSessionActor(handle.db, here.session.id))!
    const ctx = ctxFor(handle, actor)
    const wrong = changePassword(ctx, {
      currentPassword: 'not-it-123',
      newPassword: 'NewPassw0rd',
      keepSessionId: here.session.id,
    })
    expect(await fieldErrorOf(wrong)).toEqual({ currentPassword: ['当前密码不正确'] })
    await changePassword(ctx, {
      currentPassword: input.password,
      newPassword: 'NewPassw0rd',
      keepSessionId: here.session.id,
    })
    expect(await findSessionActor(handle.db, here.session.id)).not.toBeNull()
    expect(await findSessionActor(handle.db, elsewhere.session.id)).toBeNull()
    await expect(signIn(ctxFor(handle), login)).rejects.toBeInstanceOf(ValidationError)
    await signIn(ctxFor(handle), { login: input.phone, password: 'NewPassw0rd' })
  })
})
