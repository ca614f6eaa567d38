import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import {
  addSupervisor,
  createSupervisor,
  listSupervisors,
  restoreSupervisor,
  revokeSupervisor,
  signIn,
  signUp,
} from '../../models/accounts.ts'
import { recentAuditEvents } from '../../models/audit.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { sessions } from '../../models/db/schema.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

// Supervisors manage each other: grant, revoke (ending every session at once) and restore.
let handle: DatabaseHandle
let chief: Actor
beforeAll(async () => {
  handle = await createTestDatabase()
  const user = await createSupervisor(
    handle.db,
    { name: '监管科长', phone: fakePhone(), password: 'Supervise-2026!' },
    null,
  )
  chief = {
    userId: user.id,
    role: 'supervisor',
    name: '监管科长',
    organisationId: null,
    organisationName: null,
  }
})
afterAll(() => handle.close())

const as = (actor: Actor) => ctxFor(handle, actor)
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  )

describe('supervisor staff', () => {
  it('revokes a colleague at once, ending their sessions, and restores them on the same password', async () => {
    const login = { name: '王监管', phone: fakePhone(), password: 'Colleague-2026!' }
    const colleague = await addSupervisor(as(chief), login)
    const { session } = await signIn(ctxFor(handle), {
      login: login.phone,
      password: login.password,
    })
    expect(await findSessionActor(handle.db, session.id)).toMatchObject({ role: 'supervisor' })

    await revokeSupervisor(as(chief), colleague.id)
    expect(await findSessionActor(handle.db, session.id)).toBeNull()
    expect(
      await handle.db.select().from(sessions).where(eq(sessions.userId, colleague.id)),
    ).toEqual([])
    const refused = await errorOf(
      signIn(ctxFor(handle), { login: login.phone, password: login.password }),
    )
    expect(refused).toBeInstanceOf(ValidationError)
    const listed = await listSupervisors(as(chief))
    expect(listed.find((s) => s.id === colleague.id)?.disabledAt).not.toBeNull()

    await restoreSupervisor(as(chief), colleague.id)
    const again = await signIn(ctxFor(handle), { login: login.phone, password: login.password })
    expect(await findSessionActor(handle.db, again.session.id)).toMatchObject({ name: '王监管' })
    const events = await recentAuditEvents(handle.db, 5)
    expect(events.find((e) => e.action === 'account.role_granted')).toMatchObject({
      action: 'account.role_granted',
      subjectId: colleague.id,
      actorUserId: chief.userId,
    })
  })

  it('refuses to revoke oneself, to revoke twice, or to restore someone not revoked', async () => {
    const self = await errorOf(revokeSupervisor(as(chief), chief.userId))
    expect((self as ValidationError).fieldErrors).toEqual({ userId: ['不能撤销自己的监管权限'] })
    const other = await addSupervisor(as(chief), {
      name: '李监管',
      phone: fakePhone(),
      password: 'Colleague-2026!',
    })
    const notRevoked = await errorOf(restoreSupervisor(as(chief), other.id))
    expect((notRevoked as ValidationError).fieldErrors).toEqual({
      userId: ['该监管人员不存在或未被撤销'],
    })
    await revokeSupervisor(as(chief), other.id)
    const twice = await errorOf(revokeSupervisor(as(chief), other.id))
    expect(twice).toBeInstanceOf(ValidationError)
  })

  it('lets only supervisors manage supervisors, and never turns an agency user into one', async () => {
    const input = buildSignUp({ kind: 'agency' })
    const { user } = await signUp(ctxFor(handle), input)
    const { session } = await signIn(ctxFor(handle), {
      login: input.phone,
      password: input.password,
    })
    const agency = (await findSessionActor(handle.db, session.id))!
    expect(await errorOf(revokeSupervisor(as(agency), chief.userId))).toBeInstanceOf(ForbiddenError)
    expect(await errorOf(listSupervisors(as(agency)))).toBeInstanceOf(ForbiddenError)
    // Restoring works on supervisor accounts only: an agency's user id is not one.
    expect(await errorOf(restoreSupervisor(as(chief), user.id))).toBeInstanceOf(ValidationError)
  })
})
