import { and, asc, eq } from 'drizzle-orm'
import { asDuplicateError } from './accounts.ts'
import { appendAuditEvent } from './audit.ts'
import { type Ctx, requireActor, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { organisations, sessions, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts'
import { hashPassword } from './passwords.ts'
import { type MemberChange, refuseMemberChange } from './rules/member-changes.ts'
import { isUuid } from './validation/registry.ts'

// An organisation's people: whoever registered it administers its accounts, adds colleagues,
// stops them and gives them a new password when theirs is forgotten.

const memberColumns = {
  id: users.id,
  name: users.name,
  phone: users.phone,
  admin: users.organisationAdmin,
  mustChangePassword: users.passwordMustChange,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
}

function requireOrganisationMember(ctx: Ctx) {
  const actor = requireActor(ctx)
  if (!actor.organisationId) throw new ForbiddenError('监管人员请在“监管人员”页管理账号')
  return { ...actor, organisationId: actor.organisationId }
}

function membersOf(db: Database, organisationId: string) {
  return db
    .select(memberColumns)
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .orderBy(asc(users.createdAt), asc(users.id))
}

/** Every account of the actor's organisation, and whether the actor may manage them. */
export async function listOrganisationMembers(ctx: Ctx) {
  const actor = requireOrganisationMember(ctx)
  const members = await membersOf(ctx.db, actor.organisationId)
  const me = members.find((m) => m.id === actor.userId)
  return { members, canManage: Boolean(me?.admin && !me.disabledAt) }
}

const notAdmin = () => new ForbiddenError('只有本机构的账号管理员可以管理成员账号')

/**
 * The actor's organisation, if the session says the actor administers it: a refusal before
 * any password is hashed. The changes ask again under the lock (lockMembers).
 */
function requireOrganisationAdmin(ctx: Ctx) {
  const actor = requireOrganisationMember(ctx)
  if (!actor.organisationAdmin) throw notAdmin()
  return actor
}

/**
 * Locks the organisation's accounts and checks the actor still administers it, so two
 * administrators withdrawing each other cannot leave it with none, and one withdrawn a moment
 * ago adds nobody.
 */
async function lockMembers(tx: Database, organisationId: string, actorId: string) {
  const members = await tx
    .select({ id: users.id, admin: users.organisationAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .for('update')
  const states = members.map((m) => ({ id: m.id, admin: m.admin, disabled: !!m.disabledAt }))
  if (!states.find((m) => m.id === actorId)?.admin) throw notAdmin()
  return states
}

export interface NewMember {
  name: string
  phone: string
  email?: string | undefined
  password: string
  admin: boolean
}

/** A colleague's account: same organisation and role; the first sign-in asks for a new password. */
export async function addOrganisationMember(ctx: Ctx, input: NewMember) {
  const actor = requireOrganisationAdmin(ctx)
  const passwordHash = await hashPassword(input.password)
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await lockMembers(tx, actor.organisationId, actor.userId)
      const [user] = await tx
        .insert(users)
        .values({
          organisationId: actor.organisationId,
          role: actor.role,
          name: input.name,
          phone: input.phone,
          email: input.email || null,
          passwordHash,
          passwordMustChange: true,
          organisationAdmin: input.admin,
        })
        .returning({ id: users.id })
      await appendAuditEvent(tx, {
        actorUserId: actor.userId,
        action: 'account.member_added',
        subjectType: 'user',
        subjectId: user!.id,
        data: { organisationId: actor.organisationId, name: input.name, admin: input.admin },
      })
      return user!
    })
  } catch (error) {
    throw asDuplicateError(error) ?? error
  }
}

const memberNotFound = () => new NotFoundError('本机构没有该成员')

/** Applies one change to a colleague's account, if the rule allows it. */
export async function changeOrganisationMember(
  ctx: Ctx,
  input: { userId: string; change: MemberChange; password?: string },
) {
  const actor = requireOrganisationAdmin(ctx)
  if (!isUuid(input.userId)) throw memberNotFound()
  const passwordHash =
    input.change === 'resetPassword' ? await hashPassword(requirePassword(input.password)) : null
  await inTransaction(ctx.db, async (tx) => {
    const states = await lockMembers(tx, actor.organisationId, actor.userId)
    const target = states.find((m) => m.id === input.userId)
    if (!target) throw memberNotFound()
    const refusal = refuseMemberChange(input.change, actor.userId, target, states)
    if (refusal) throw ValidationError.field('userId', refusal)
    await applyChange(tx, input.userId, input.change, passwordHash)
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: memberChangeActions[input.change],
      subjectType: 'user',
      subjectId: input.userId,
      data: { organisationId: actor.organisationId },
    })
  })
}

const memberChangeActions: Record<MemberChange, string> = {
  disable: 'account.member_disabled',
  restore: 'account.member_restored',
  resetPassword: 'account.password_reset',
  grantAdmin: 'account.admin_granted',
  withdrawAdmin: 'account.admin_withdrawn',
}

function requirePassword(password: string | undefined) {
  if (!password) throw ValidationError.field('password', '请填写新的初始密码')
  return password
}

async function applyChange(
  tx: Database,
  userId: string,
  change: MemberChange,
  passwordHash: string | null,
) {
  const set = {
    disable: { disabledAt: new Date() },
    restore: { disabledAt: null },
    resetPassword: { passwordHash: passwordHash!, passwordMustChange: true },
    grantAdmin: { organisationAdmin: true },
    withdrawAdmin: { organisationAdmin: false },
  }[change]
  await tx.update(users).set(set).where(eq(users.id, userId))
  // A stopped account or a replaced password ends every session the old one opened.
  if (change === 'disable' || change === 'resetPassword')
    await tx.delete(sessions).where(eq(sessions.userId, userId))
}

/** An organisation's accounts, as the supervisor sees them when someone asks for a reset. */
export async function listOrganisationAccounts(ctx: Ctx, organisationId: string) {
  requireRole(ctx, 'supervisor')
  const missing = () => new NotFoundError('没有该单位')
  if (!isUuid(organisationId)) throw missing()
  const [organisation] = await ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!organisation) throw missing()
  return { organisation, accounts: await membersOf(ctx.db, organisationId) }
}

/**
 * The way back in for an organisation whose only administrator forgot the password: a
 * supervisor, having checked who is asking offline, sets an initial password.
 */
export async function resetPasswordBySupervisor(
  ctx: Ctx,
  input: { organisationId: string; userId: string; password: string },
) {
  const actor = requireRole(ctx, 'supervisor')
  if (!isUuid(input.userId) || !isUuid(input.organisationId)) throw memberNotFound()
  const passwordHash = await hashPassword(input.password)
  await inTransaction(ctx.db, async (tx) => {
    const [reset] = await tx
      .update(users)
      .set({ passwordHash, passwordMustChange: true })
      .where(and(eq(users.id, input.userId), eq(users.organisationId, input.organisationId)))
      .returning({ id: users.id })
    if (!reset) throw memberNotFound()
    await tx.delete(sessions).where(eq(sessions.userId, input.userId))
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'account.password_reset',
      subjectType: 'user',
      subjectId: input.userId,
      data: { organisationId: input.organisationId, bySupervisor: true },
    })
  })
}
