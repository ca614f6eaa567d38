import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSupervisor, signIn, signUp } from '../../models/accounts.ts'
import type { Actor, Ctx } from '../../models/context.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { emailOutbox, notifications } from '../../models/db/schema-procedures.ts'
import { type OrganisationKind, organisations } from '../../models/db/schema.ts'
import { NotSignedInError } from '../../models/errors.ts'
import {
  countUnread,
  listInbox,
  markRead,
  notifyOrganisations,
  notifySupervisors,
} from '../../models/notifications.ts'
import { findSessionActor } from '../../models/sessions.ts'
import { buildSignUp, fakePhone } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

let handle: DatabaseHandle
let supervisorA: Ctx
let supervisorB: Ctx
let agency: { ctx: Ctx; organisationId: string; email: string }
let department: { ctx: Ctx; organisationId: string; email: string }
beforeAll(async () => {
  handle = await createTestDatabase()
  supervisorA = ctxFor(handle, await newSupervisor('监管甲'))
  supervisorB = ctxFor(handle, await newSupervisor('监管乙'))
  agency = await member('agency')
  department = await member('department')
  // Mail goes to the contact address on the profile; the department has none.
  await handle.db
    .update(organisations)
    .set({ contactEmail: agency.email })
    .where(eq(organisations.id, agency.organisationId))
  await handle.db
    .update(organisations)
    .set({ contactEmail: '' })
    .where(eq(organisations.id, department.organisationId))
})
afterAll(() => handle.close())
beforeEach(async () => {
  await handle.db.delete(notifications)
  await handle.db.delete(emailOutbox)
})

async function actorFor(login: string, password: string): Promise<Actor> {
  const { session } = await signIn(ctxFor(handle), { login, password })
  return (await findSessionActor(handle.db, session.id))!
}

async function newSupervisor(name: string) {
  const phone = fakePhone()
  await createSupervisor(handle.db, { name, phone, password: 'Supervise123' }, null)
  return actorFor(phone, 'Supervise123')
}

async function member(kind: OrganisationKind) {
  const input = buildSignUp({ kind })
  const { organisation } = await signUp(ctxFor(handle), input)
  const ctx = ctxFor(handle, await actorFor(input.phone, input.password))
  return { ctx, organisationId: organisation.id, email: input.email! }
}

const titles = async (ctx: Ctx) => (await listInbox(ctx)).rows.map((r) => r.title)

describe('who sees what', () => {
  it('shows an organisation only its own messages and supervisors only theirs', async () => {
    await notifyOrganisations(handle.db, [agency.organisationId], {
      kind: 'project.published',
      title: '新项目：环评报告编制',
      link: '/projects/1',
    })
    await notifyOrganisations(handle.db, [department.organisationId, agency.organisationId], {
      kind: 'project.opened',
      title: '项目已开标',
    })
    await notifyOrganisations(handle.db, [department.organisationId], {
      kind: 'objection.filed',
      title: '收到质疑',
    })
    await notifySupervisors(handle.db, { kind: 'objection.escalated', title: '质疑已提请监管' })

    expect(await titles(agency.ctx)).toEqual(
      expect.arrayContaining(['新项目：环评报告编制', '项目已开标']),
    )
    expect(await titles(agency.ctx)).toHaveLength(2)
    expect((await titles(department.ctx)).sort()).toEqual(['收到质疑', '项目已开标'].sort())
    expect(await titles(supervisorA)).toEqual(['质疑已提请监管'])
    expect(await titles(supervisorB)).toEqual(['质疑已提请监管'])

    expect(await countUnread(agency.ctx)).toBe(2)
    expect(await countUnread(department.ctx)).toBe(2)
    expect(await countUnread(supervisorA)).toBe(1)
    expect(await countUnread(ctxFor(handle))).toBe(0)
    await expect(listInbox(ctxFor(handle))).rejects.toBeInstanceOf(NotSignedInError)
  })

  it('queues a mail to each notified organisation, in the caller’s transaction', async () => {
    await notifyOrganisations(handle.db, [agency.organisationId, agency.organisationId], {
      kind: 'project.result',
      title: '中选结果已公示',
    })
    const mail = await handle.db.select().from(emailOutbox)
    expect(mail.map((m) => [m.toAddress, m.subject])).toEqual([
      [agency.email, '【中介超市】中选结果已公示'],
    ])
    await handle.db
      .transaction(async (tx) => {
        await notifyOrganisations(tx, [department.organisationId], { kind: 'x', title: '回滚' })
        tx.rollback()
      })
      .catch(() => undefined)
    expect(await titles(department.ctx)).toEqual([])
    // The department has no contact address: its inbox, but no mail.
    await notifyOrganisations(handle.db, [department.organisationId], {
      kind: 'x',
      title: '无邮件',
    })
    expect(await handle.db.select().from(emailOutbox)).toHaveLength(1)
  })

  it('pages the inbox newest first and counts every message', async () => {
    for (let i = 1; i <= 5; i++)
      await notifyOrganisations(handle.db, [agency.organisationId], {
        kind: 'k',
        title: `消息 ${i}`,
      })
    const first = await listInbox(agency.ctx, { page: 1, pageSize: 2 })
    const third = await listInbox(agency.ctx, { page: 3, pageSize: 2 })
    expect(first).toMatchObject({ total: 5, unread: 5 })
    expect(first.rows.map((r) => r.title)).toEqual(['消息 5', '消息 4'])
    expect(third.rows.map((r) => r.title)).toEqual(['消息 1'])
  })
})

describe('markRead', () => {
  it('marks only one’s own messages, one or all', async () => {
    await notifyOrganisations(handle.db, [agency.organisationId], { kind: 'k', title: '甲一' })
    await notifyOrganisations(handle.db, [agency.organisationId], { kind: 'k', title: '甲二' })
    await notifyOrganisations(handle.db, [department.organisationId], { kind: 'k', title: '乙一' })
    await notifySupervisors(handle.db, { kind: 'k', title: '监一' })
    const [departmentMessage] = (await listInbox(department.ctx)).rows
    const [supervisorMessage] = (await listInbox(supervisorA)).rows

    // Someone else's message: by id, nothing happens.
    await markRead(agency.ctx, departmentMessage!.id)
    await markRead(agency.ctx, supervisorMessage!.id)
    expect(await countUnread(department.ctx)).toBe(1)
    expect(await countUnread(supervisorA)).toBe(1)

    // A malformed id names nothing and is no error.
    await markRead(agency.ctx, 'not-an-id')
    expect(await countUnread(agency.ctx)).toBe(2)

    const mine = (await listInbox(agency.ctx)).rows.find((r) => r.title === '甲一')!
    await markRead(agency.ctx, mine.id)
    const after = await listInbox(agency.ctx)
    expect(after.unread).toBe(1)
    expect(after.rows.find((r) => r.title === '甲一')!.readAt).not.toBeNull()
    expect(after.rows.find((r) => r.title === '甲二')!.readAt).toBeNull()

    // "All" is all of one's own: the department's and the supervisors' stay unread.
    await markRead(agency.ctx)
    expect(await countUnread(agency.ctx)).toBe(0)
    expect(await countUnread(department.ctx)).toBe(1)
    expect(await countUnread(supervisorA)).toBe(1)

    // Supervisors share one inbox: one reading it reads it for all.
    await markRead(supervisorB)
    expect(await countUnread(supervisorA)).toBe(0)
    expect(await countUnread(department.ctx)).toBe(1)
    const [stillUnread] = await handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.organisationId, department.organisationId))
    expect(stillUnread!.readAt).toBeNull()
  })
})
