import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { changePassword, createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { recentAuditEvents } from '../../models/audit.ts'
import type { Actor } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { sessions } from '../../models/db/schema.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../models/errors.ts'
import {
  addOrganisationMember,
  changeOrganisationMember,
  listOrganisationAccounts,
  listOrganisationMembers,
  resetPasswordBySupervisor,
} from '../../models/organisation-members.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

// An organisation's administrator adds colleagues, stops them and resets their passwords; a
// supervisor is the way back in when the only administrator forgot theirs.
let handle: DatabaseHandle
beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

const as = (actor: Actor) => ctxFor(handle, actor)
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  )

async function signInAs(login: string, password: string) {
  const result = await signIn(ctxFor(handle), { login, password })
  return { ...result, actor: (await findSessionActor(handle.db, result.session.id))! }
}

async function registerAgency() {
  const input = buildSignUp({ kind: 'agency' })
  await signUp(ctxFor(handle), input)
  const { actor } = await signInAs(input.phone, input.password)
  return { input, admin: actor }
}

const colleague = (overrides: { admin?: boolean } = {}) => ({
  name: '张同事',
  phone: fakePhone(),
  password: 'Initial-2026a',
  admin: false,
  ...overrides,
})

describe('organisation members', () => {
  it('makes whoever registers the administrator, and gives a colleague the same organisation and role', async () => {
    const { admin } = await registerAgency()
    const login = colleague()
    const added = await addOrganisationMember(as(admin), login)

    const first = await signInAs(login.phone, login.password)
    expect(first.mustChangePassword).toBe(true)
    expect(first.actor).toMatchObject({
      userId: added.id,
      role: 'agency',
      organisationId: admin.organisationId,
    })
    const { members, canManage } = await listOrganisationMembers(as(first.actor))
    expect(canManage).toBe(false)
    expect(members.map((m) => [m.id, m.admin])).toEqual([
      [admin.userId, true],
      [added.id, false],
    ])

    await changePassword(as(first.actor), {
      currentPassword: login.password,
      newPassword: 'Mine-alone-2026',
      keepSessionId: first.session.id,
    })
    expect((await signInAs(login.phone, 'Mine-alone-2026')).mustChangePassword).toBe(false)
    const [event] = (await recentAuditEvents(handle.db, 10)).filter(
      (e) => e.action === 'account.member_added',
    )
    expect(event).toMatchObject({ actorUserId: admin.userId, subjectId: added.id })
  })

  it('refuses members who are not administrators, supervisors and other organisations', async () => {
    const { admin } = await registerAgency()
    const login = colleague()
    const member = await addOrganisationMember(as(admin), login)
    const { actor: plainMember } = await signInAs(login.phone, login.password)
    expect(await errorOf(addOrganisationMember(as(plainMember), colleague()))).toBeInstanceOf(
      ForbiddenError,
    )
    expect(
      await errorOf(
        changeOrganisationMember(as(plainMember), { userId: admin.userId, change: 'disable' }),
      ),
    ).toBeInstanceOf(ForbiddenError)

    const other = await registerAgency()
    expect(
      await errorOf(
        changeOrganisationMember(as(other.admin), { userId: member.id, change: 'disable' }),
      ),
    ).toBeInstanceOf(NotFoundError)
    const supervisor = await createSupervisor(
      handle.db,
      { name: '监管员', phone: fakePhone(), password: 'Supervise-2026!' },
      null,
    )
    const supervisorActor: Actor = {
      userId: supervisor.id,
      role: 'supervisor',
      name: '监管员',
      organisationId: null,
      organisationName: null,
    }
    expect(await errorOf(listOrganisationMembers(as(supervisorActor)))).toBeInstanceOf(
      ForbiddenError,
    )
    expect(
      await errorOf(
        resetPasswordBySupervisor(as(admin), {
          organisationId: admin.organisationId!,
          userId: member.id,
          password: 'Taken-over-2026',
        }),
      ),
    ).toBeInstanceOf(ForbiddenError)
  })

  it('stops a colleague at once and lets them back in on restoring', async () => {
    const { admin } = await registerAgency()
    const login = colleague()
    const member = await addOrganisationMember(as(admin), login)
    const { session } = await signInAs(login.phone, login.password)

    await changeOrganisationMember(as(admin), { userId: member.id, change: 'disable' })
    expect(await findSessionActor(handle.db, session.id)).toBeNull()
    expect(await errorOf(signInAs(login.phone, login.password))).toBeInstanceOf(ValidationError)
    const twice = await errorOf(
      changeOrganisationMember(as(admin), { userId: member.id, change: 'disable' }),
    )
    expect((twice as ValidationError).fieldErrors).toEqual({ userId: ['该成员已停用'] })

    await changeOrganisationMember(as(admin), { userId: member.id, change: 'restore' })
    expect((await signInAs(login.phone, login.password)).actor.userId).toBe(member.id)
  })

  it('resets a forgotten password: the old one and its sessions die, the new one must be changed', async () => {
    const { admin } = await registerAgency()
    const login = colleague()
    const member = await addOrganisationMember(as(admin), login)
    await changePassword(as((await signInAs(login.phone, login.password)).actor), {
      currentPassword: login.password,
      newPassword: 'Forgotten-2026',
      keepSessionId: 'none',
    })
    await signInAs(login.phone, 'Forgotten-2026')

    await changeOrganisationMember(as(admin), {
      userId: member.id,
      change: 'resetPassword',
      password: 'Fresh-start-2026',
    })
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, member.id))).toEqual(
      [],
    )
    expect(await errorOf(signInAs(login.phone, 'Forgotten-2026'))).toBeInstanceOf(ValidationError)
    expect((await signInAs(login.phone, 'Fresh-start-2026')).mustChangePassword).toBe(true)

    const own = await errorOf(
      changeOrganisationMember(as(admin), {
        userId: admin.userId,
        change: 'resetPassword',
        password: 'Fresh-start-2026',
      }),
    )
    expect((own as ValidationError).fieldErrors).toEqual({
      userId: ['自己的密码请在“修改密码”中修改'],
    })
  })

  it('always keeps one active administrator', async () => {
    const { admin } = await registerAgency()
    const lastOne = await errorOf(
      changeOrganisationMember(as(admin), { userId: admin.userId, change: 'withdrawAdmin' }),
    )
    expect((lastOne as ValidationError).fieldErrors).toEqual({
      userId: ['机构至少需要一名有效的管理员'],
    })
    const login = colleague({ admin: true })
    const second = await addOrganisationMember(as(admin), login)
    await changeOrganisationMember(as(admin), { userId: admin.userId, change: 'withdrawAdmin' })
    // No longer an administrator: the former one cannot manage anyone, not even to undo it.
    expect(
      await errorOf(
        changeOrganisationMember(as(admin), { userId: admin.userId, change: 'grantAdmin' }),
      ),
    ).toBeInstanceOf(ForbiddenError)
    // Its session still says administrator; the check under the lock does not believe it.
    expect(await errorOf(addOrganisationMember(as(admin), colleague()))).toBeInstanceOf(
      ForbiddenError,
    )
    const { actor: newAdmin } = await signInAs(login.phone, login.password)
    expect((await listOrganisationMembers(as(newAdmin))).canManage).toBe(true)
    expect(newAdmin.userId).toBe(second.id)
  })

  it('tells a phone number already registered beside its field', async () => {
    const { admin, input } = await registerAgency()
    const taken = await errorOf(
      addOrganisationMember(as(admin), { ...colleague(), phone: input.phone }),
    )
    expect((taken as ValidationError).fieldErrors).toEqual({ phone: ['该手机号已注册'] })
  })

  it('lets a supervisor reset an account of the organisation it names, and audits it', async () => {
    const { admin, input } = await registerAgency()
    const supervisor = await createSupervisor(
      handle.db,
      { name: '监管员乙', phone: fakePhone(), password: 'Supervise-2026!' },
      null,
    )
    const chief: Actor = {
      userId: supervisor.id,
      role: 'supervisor',
      name: '监管员乙',
      organisationId: null,
      organisationName: null,
    }
    const { accounts } = await listOrganisationAccounts(as(chief), admin.organisationId!)
    expect(accounts.map((a) => a.id)).toEqual([admin.userId])

    const other = await registerAgency()
    const wrongOrganisation = await errorOf(
      resetPasswordBySupervisor(as(chief), {
        organisationId: other.admin.organisationId!,
        userId: admin.userId,
        password: 'Taken-over-2026',
      }),
    )
    expect(wrongOrganisation).toBeInstanceOf(NotFoundError)
    expect((await signInAs(input.phone, input.password)).actor.userId).toBe(admin.userId)

    await resetPasswordBySupervisor(as(chief), {
      organisationId: admin.organisationId!,
      userId: admin.userId,
      password: 'Back-in-2026x',
    })
    expect(await errorOf(signInAs(input.phone, input.password))).toBeInstanceOf(ValidationError)
    expect((await signInAs(input.phone, 'Back-in-2026x')).mustChangePassword).toBe(true)
    const [event] = (await recentAuditEvents(handle.db, 10)).filter(
      (e) => e.action === 'account.password_reset',
    )
    expect(event).toMatchObject({
      actorUserId: supervisor.id,
      subjectId: admin.userId,
      data: { bySupervisor: true },
    })
  })
})
