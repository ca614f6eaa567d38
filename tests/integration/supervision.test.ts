import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import { recentAuditEvents, verifyAuditChain } from '../../models/audit.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { type OrganisationKind, organisations, supervisionActions } from '../../models/db/schema.ts'
import {
  ForbiddenError,
  NotFoundError,
  NotSignedInError,
  ValidationError,
} from '../../models/errors.ts'
import { notifications } from '../../models/db/schema-procedures.ts'
import { findSessionActor } from '../../models/sessions.ts'
import {
  flagFalseInformation,
  getOrganisationForSupervisor,
  getPublishingStatus,
  listVerificationQueue,
  reinstate,
  suspend,
  unflag,
  verifyOrganisation,
} from '../../models/supervision.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisor: Actor
beforeAll(async () => {
  handle = await createTestDatabase()
  const phone = fakePhone()
  await createSupervisor(handle.db, { name: '监管乙', phone, password: 'Supervise123' }, null)
  supervisor = (await actorFor(phone, 'Supervise123'))!
})
afterAll(() => handle.close())

const asSupervisor = (): Ctx => ctxFor(handle, supervisor)

async function actorFor(login: string, password: string) {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return findSessionActor(handle.db, session.id)
}

/** Signs an organisation up and signs its first user in. */
async function member(kind: OrganisationKind, name?: string) {
  const input = buildSignUp({ kind, ...(name ? { organisationName: name } : {}) })
  const { organisation } = await signUp(ctxFor(handle), input)
  const actor = (await actorFor(input.phone, input.password))!
  return { organisationId: organisation.id, ctx: ctxFor(handle, actor) }
}

const stateOf = async (id: string) =>
  (await handle.db.select().from(organisations).where(eq(organisations.id, id)))[0]!

const actionsOf = (id: string) =>
  handle.db
    .select()
    .from(supervisionActions)
    .where(eq(supervisionActions.organisationId, id))
    .orderBy(supervisionActions.createdAt)

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e,
  )
}

const reason = '营业执照信息与登记机关不一致'

describe('permissions', () => {
  it('refuses every action to agencies, buyers and visitors, and changes nothing', async () => {
    const target = await member('agency')
    const others = [
      (await member('agency')).ctx,
      (await member('department')).ctx,
      (await member('enterprise')).ctx,
      target.ctx, // not even on itself
    ]
    const input = { organisationId: target.organisationId, reason }
    const actions = [verifyOrganisation, flagFalseInformation, unflag, suspend, reinstate]
    for (const ctx of others)
      for (const act of actions)
        expect(await errorOf(act(ctx, input))).toBeInstanceOf(ForbiddenError)
    for (const act of actions)
      expect(await errorOf(act(ctxFor(handle), input))).toBeInstanceOf(NotSignedInError)
    // Permission comes before input checks: a short reason still gets "forbidden".
    expect(
      await errorOf(flagFalseInformation(others[0]!, { ...input, reason: '短' })),
    ).toBeInstanceOf(ForbiddenError)
    expect(await errorOf(listVerificationQueue(others[0]!, { tab: 'departments' }))).toBeInstanceOf(
      ForbiddenError,
    )
    expect(
      await errorOf(getOrganisationForSupervisor(others[0]!, target.organisationId)),
    ).toBeInstanceOf(ForbiddenError)
    const state = await stateOf(target.organisationId)
    expect(state).toMatchObject({ verifiedAt: null, flaggedAt: null, suspendedAt: null })
    expect(await actionsOf(target.organisationId)).toEqual([])
  })
})

describe('actions', () => {
  it('verifies once, records the action and audits it', async () => {
    const { organisationId } = await member('agency')
    // An id typed in upper case still names the organisation and keeps the audit chain intact.
    await verifyOrganisation(asSupervisor(), {
      organisationId: organisationId.toUpperCase(),
      note: '已核对营业执照原件',
    })
    expect((await verifyAuditChain(handle.db)).problem).toBeNull()
    expect((await stateOf(organisationId)).verifiedAt).toBeInstanceOf(Date)
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event).toMatchObject({
      action: 'organisation.verified',
      actorUserId: supervisor.userId,
      subjectId: organisationId,
      data: { reason: '已核对营业执照原件' },
    })
    const again = await errorOf(verifyOrganisation(asSupervisor(), { organisationId }))
    expect(again).toBeInstanceOf(ValidationError)
    expect((again as ValidationError).message).toBe('该单位已核验，无需重复核验')
    expect((await actionsOf(organisationId)).map((a) => a.kind)).toEqual(['verified'])
  })

  it('flags with a public reason of at least 5 characters, and unflags', async () => {
    const { organisationId } = await member('agency')
    const short = await errorOf(
      flagFalseInformation(asSupervisor(), { organisationId, reason: ' 虚假 ' }),
    )
    expect((short as ValidationError).fieldErrors).toEqual({
      reason: [expect.stringContaining('5')],
    })
    expect((await stateOf(organisationId)).flaggedAt).toBeNull()

    await flagFalseInformation(asSupervisor(), { organisationId, reason: `  ${reason}  ` })
    expect(await stateOf(organisationId)).toMatchObject({ flagReason: reason })
    expect(
      await errorOf(flagFalseInformation(asSupervisor(), { organisationId, reason })),
    ).toBeInstanceOf(ValidationError)
    await unflag(asSupervisor(), { organisationId, reason: '经复核，材料已更正属实' })
    expect(await stateOf(organisationId)).toMatchObject({ flaggedAt: null, flagReason: null })
    expect(
      await errorOf(unflag(asSupervisor(), { organisationId, reason: '再次撤销标记的理由' })),
    ).toBeInstanceOf(ValidationError)

    const history = await actionsOf(organisationId)
    expect(history.map((a) => [a.kind, a.reason, a.supervisorId])).toEqual([
      ['flagged', reason, supervisor.userId],
      ['unflagged', '经复核，材料已更正属实', supervisor.userId],
    ])
    const events = await recentAuditEvents(handle.db, 2)
    expect(events.map((e) => e.action)).toEqual(['organisation.unflagged', 'organisation.flagged'])
  })

  it('does not verify an organisation while its information is flagged; tells it of each decision', async () => {
    const { organisationId } = await member('department')
    await flagFalseInformation(asSupervisor(), { organisationId, reason })
    const refused = await errorOf(verifyOrganisation(asSupervisor(), { organisationId }))
    expect((refused as ValidationError).fieldErrors).toEqual({
      organisation: ['该单位有虚假信息标记：请先核实，确属无误的撤销标记后再核验'],
    })
    expect((await stateOf(organisationId)).verifiedAt).toBeNull()
    await unflag(asSupervisor(), { organisationId, reason: '经复核，材料已更正属实' })
    await verifyOrganisation(asSupervisor(), { organisationId })
    expect((await stateOf(organisationId)).verifiedAt).not.toBeNull()
    const told = await handle.db
      .select({ kind: notifications.kind, title: notifications.title })
      .from(notifications)
      .where(eq(notifications.organisationId, organisationId))
      .orderBy(notifications.createdAt)
    expect(told.map((n) => n.kind)).toEqual([
      'organisation.flagged',
      'organisation.unflagged',
      'organisation.verified',
    ])
    expect(told.at(-1)!.title).toBe('贵单位的登记信息已通过监管人员核验')
  })

  it('suspends with a reason and reinstates; each only from the right state', async () => {
    const { organisationId } = await member('enterprise')
    expect(await errorOf(suspend(asSupervisor(), { organisationId, reason: '' }))).toBeInstanceOf(
      ValidationError,
    )
    await suspend(asSupervisor(), { organisationId, reason: '拒不履行已签订合同' })
    expect(await stateOf(organisationId)).toMatchObject({ suspensionReason: '拒不履行已签订合同' })
    const twice = await errorOf(suspend(asSupervisor(), { organisationId, reason }))
    expect((twice as ValidationError).message).toBe('该单位已处于暂停状态')
    await reinstate(asSupervisor(), { organisationId, reason: '整改完成，恢复交易' })
    expect(await stateOf(organisationId)).toMatchObject({
      suspendedAt: null,
      suspensionReason: null,
    })
    const notSuspended = await errorOf(reinstate(asSupervisor(), { organisationId, reason }))
    expect((notSuspended as ValidationError).message).toBe('该单位未被暂停，无需恢复')
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event).toMatchObject({
      action: 'organisation.reinstated',
      data: { reason: '整改完成，恢复交易' },
    })
  })

  it('answers not found for an unknown or malformed organisation id', async () => {
    for (const organisationId of [randomUUID(), 'abc', ''])
      expect(await errorOf(suspend(asSupervisor(), { organisationId, reason }))).toBeInstanceOf(
        NotFoundError,
      )
  })
})

describe('verification queue', () => {
  it('lists unverified departments oldest first, then agencies, flagged and suspended', async () => {
    const older = await member('department', '队列一号生态环境局')
    await member('department', '队列二号生态环境局')
    const verified = await member('department', '队列三号生态环境局')
    await handle.db
      .update(organisations)
      .set({ createdAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(organisations.id, older.organisationId))
    await verifyOrganisation(asSupervisor(), { organisationId: verified.organisationId })
    const agency = await member('agency', '队列四号咨询有限公司')
    await flagFalseInformation(asSupervisor(), { organisationId: agency.organisationId, reason })
    await suspend(asSupervisor(), { organisationId: older.organisationId, reason })

    const departments = await listVerificationQueue(asSupervisor(), { tab: 'departments' })
    const queued = departments.rows.map((r) => r.name).filter((n) => n.startsWith('队列'))
    expect(queued).toEqual(['队列一号生态环境局', '队列二号生态环境局'])
    expect(departments.rows.every((r) => r.kind === 'department' && !r.verifiedAt)).toBe(true)

    const agencies = await listVerificationQueue(asSupervisor(), { tab: 'agencies' })
    expect(agencies.rows.map((r) => r.name)).toContain('队列四号咨询有限公司')
    expect(agencies.rows.every((r) => r.kind === 'agency')).toBe(true)

    const flagged = await listVerificationQueue(asSupervisor(), { tab: 'flagged' })
    expect(flagged.rows[0]).toMatchObject({ name: '队列四号咨询有限公司', flagReason: reason })
    const suspended = await listVerificationQueue(asSupervisor(), { tab: 'suspended' })
    expect(suspended.rows[0]).toMatchObject({
      name: '队列一号生态环境局',
      suspensionReason: reason,
    })

    expect(departments.counts.departments).toBe(departments.rows.length)
    expect(departments.counts.flagged).toBe(flagged.rows.length)

    // Any organisation in any state, by part of its name or its whole USCC.
    const byName = await listVerificationQueue(asSupervisor(), { tab: 'departments', q: '队列' })
    expect(byName.found).toBe(byName.rows.length)
    expect(byName.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['队列四号咨询有限公司', '队列一号生态环境局']),
    )
    const [row] = await handle.db
      .select({ uscc: organisations.uscc })
      .from(organisations)
      .where(eq(organisations.id, verified.organisationId))
    const byCode = await listVerificationQueue(asSupervisor(), {
      tab: 'agencies',
      q: ` ${row!.uscc.toLowerCase()} `,
    })
    expect(byCode.rows.map((r) => r.id)).toEqual([verified.organisationId])
    const tooShort = await listVerificationQueue(asSupervisor(), { tab: 'agencies', q: '队' })
    expect(tooShort.found).toBeNull()
  })

  it('shows a supervisor the organisation with its history and who acted', async () => {
    const { organisationId } = await member('agency')
    await flagFalseInformation(asSupervisor(), { organisationId, reason })
    const detail = await getOrganisationForSupervisor(asSupervisor(), organisationId)
    expect(detail.organisation.id).toBe(organisationId)
    expect(detail.userCount).toBe(1)
    expect(detail.history).toEqual([
      expect.objectContaining({ kind: 'flagged', reason, supervisorName: '监管乙' }),
    ])
  })
})

describe('publishing status', () => {
  it('a department publishes only once verified; an enterprise at once; an agency never', async () => {
    const department = await member('department')
    expect(await getPublishingStatus(department.ctx)).toEqual({
      ok: false,
      reason: expect.stringContaining('核验'),
    })
    await verifyOrganisation(asSupervisor(), { organisationId: department.organisationId })
    expect(await getPublishingStatus(department.ctx)).toEqual({ ok: true })

    const enterprise = await member('enterprise')
    expect(await getPublishingStatus(enterprise.ctx)).toEqual({ ok: true })
    await suspend(asSupervisor(), { organisationId: enterprise.organisationId, reason })
    expect((await getPublishingStatus(enterprise.ctx)).ok).toBe(false)

    const agency = await member('agency')
    expect((await getPublishingStatus(agency.ctx)).ok).toBe(false)
    expect((await getPublishingStatus(asSupervisor())).ok).toBe(false)
    expect(await errorOf(getPublishingStatus(ctxFor(handle)))).toBeInstanceOf(NotSignedInError)
  })
})
