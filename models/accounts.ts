import { and, desc, eq, isNotNull, isNull, ne, or, sql } from 'drizzle-orm'
import { appendAuditEvent } from './audit.ts'
import { type Ctx, requireActor, requireRole } from './context.ts'
import type { Database } from './db/client.ts'
import { violatedUniqueConstraint } from './db/errors.ts'
import { marketExits } from './db/schema-credit.ts'
import { organisations, sessions, users } from './db/schema.ts'
import { inTransaction } from './db/transaction.ts'
import { ValidationError } from './errors.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { cityCodeOf } from './profiles.ts'
import { countyOfUscc } from './regions.ts'
import { formatShanghaiDate } from './rules/shanghai-time.ts'
import { sha256 } from './audit.ts'
import { startSession } from './sessions.ts'
import type { SignInInput, SignUpInput } from './validation/accounts.ts'
import { isUuid } from './validation/registry.ts'

const duplicateMessages: Record<string, [field: string, message: string]> = {
  organisations_uscc_key: [
    'uscc',
    '该统一社会信用代码已注册。如是本单位同事注册的，请本单位的账号管理员在“机构成员”中为您开通账号或重置密码；如非本单位注册，请向监管人员投诉，核实后予以处理',
  ],
  users_phone_key: ['phone', '该手机号已注册'],
  users_email_key: ['email', '该邮箱已注册'],
}

export function asDuplicateError(error: unknown): ValidationError | null {
  const constraint = violatedUniqueConstraint(error)
  const known = constraint != null ? duplicateMessages[constraint] : undefined
  return known ? ValidationError.field(...known) : null
}

/** 清退: the USCC of an agency removed from the market may not register until its term ends. */
async function refuseExitedUscc(tx: Database, uscc: string) {
  const [exit] = await tx
    .select({ until: marketExits.until })
    .from(marketExits)
    .where(and(eq(marketExits.uscc, uscc), sql`${marketExits.until} > platform_now()`))
    .orderBy(desc(marketExits.until))
    .limit(1)
  if (exit)
    throw ValidationError.field(
      'uscc',
      `该统一社会信用代码对应的机构已被清退出市场，${formatShanghaiDate(exit.until)} 前不能重新注册`,
    )
}

/** Registers an organisation with its first user — no fee, no approval queue. */
export async function signUp(ctx: Ctx, input: SignUpInput) {
  const passwordHash = await hashPassword(input.password)
  try {
    const county = countyOfUscc(input.uscc)
    return await inTransaction(ctx.db, async (tx) => {
      await refuseExitedUscc(tx, input.uscc)
      const [organisation] = await tx
        .insert(organisations)
        .values({
          kind: input.kind,
          name: input.organisationName,
          uscc: input.uscc,
          // Until the profile says otherwise: a Henan firm is not listed as 河南省外.
          regionCode: county,
          cityCode: county ? cityCodeOf(county) : null,
        })
        .returning()
      const [user] = await tx
        .insert(users)
        .values({
          organisationId: organisation!.id,
          role: input.kind,
          name: input.contactName,
          phone: input.phone,
          email: input.email || null,
          passwordHash,
          organisationAdmin: true,
        })
        .returning({ id: users.id, role: users.role })
      await appendAuditEvent(tx, {
        actorUserId: user!.id,
        action: 'account.signed_up',
        subjectType: 'organisation',
        subjectId: organisation!.id,
        data: { kind: input.kind, name: input.organisationName, uscc: input.uscc },
      })
      return { organisation: organisation!, user: user! }
    })
  } catch (error) {
    throw asDuplicateError(error) ?? error
  }
}

const wrongCredentials = () => ValidationError.field('password', '手机号/邮箱或密码不正确')

function findUserByLogin(db: Database, login: string) {
  return db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      disabledAt: users.disabledAt,
      mustChangePassword: users.passwordMustChange,
    })
    .from(users)
    .where(or(eq(users.phone, login), eq(users.email, login.toLowerCase())))
    .limit(1)
    .then((rows) => rows[0])
}

/** Checks the password and opens a fresh session; a failure is audited and told vaguely. */
export async function signIn(ctx: Ctx, input: Pick<SignInInput, 'login' | 'password'>) {
  const user = await findUserByLogin(ctx.db, input.login)
  const ok = await verifyPassword(input.password, user?.passwordHash)
  if (!ok || !user || user.disabledAt) {
    await appendAuditEvent(ctx.db, {
      actorUserId: null,
      action: 'session.sign_in_failed',
      subjectType: 'user',
      subjectId: user?.id ?? null,
      data: { login: maskLogin(input.login) },
    })
    throw wrongCredentials()
  }
  return {
    userId: user.id,
    mustChangePassword: user.mustChangePassword,
    session: await startSession(ctx.db, user.id),
  }
}

/** Keeps enough of a failed login to investigate, without storing whole phone numbers. */
function maskLogin(login: string) {
  if (/^1\d{10}$/.test(login)) return `${login.slice(0, 3)}****${login.slice(7)}`
  const at = login.indexOf('@')
  return at > 0 ? `${login.slice(0, 1)}***${login.slice(at)}` : `${login.slice(0, 2)}***`
}

/** Changes the actor's password and ends every other session of theirs. */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; keepSessionId: string },
) {
  const actor = requireActor(ctx)
  const [user] = await ctx.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId))
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash)))
    throw ValidationError.field('currentPassword', '当前密码不正确')
  const passwordHash = await hashPassword(input.newPassword)
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: new Date(), passwordMustChange: false })
      .where(eq(users.id, actor.userId))
    await tx
      .delete(sessions)
      .where(
        and(eq(sessions.userId, actor.userId), ne(sessions.idHash, sha256(input.keepSessionId))),
      )
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'account.password_changed',
      subjectType: 'user',
      subjectId: actor.userId,
    })
  })
}

export async function getAccount(ctx: Ctx) {
  const actor = requireActor(ctx)
  const [row] = await ctx.db
    .select({
      name: users.name,
      phone: users.phone,
      email: users.email,
      role: users.role,
      createdAt: users.createdAt,
      passwordChangedAt: users.passwordChangedAt,
      mustChangePassword: users.passwordMustChange,
      organisationAdmin: users.organisationAdmin,
      organisation: {
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        uscc: organisations.uscc,
        verifiedAt: organisations.verifiedAt,
      },
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, actor.userId))
  return row!
}

export interface NewSupervisor {
  name: string
  phone: string
  password: string
}

/**
 * Grants the supervisor role to a new person. `grantedBy` is null only for the
 * first supervisor, made from the command line.
 */
export async function createSupervisor(
  db: Database,
  input: NewSupervisor,
  grantedBy: string | null,
) {
  const passwordHash = await hashPassword(input.password)
  try {
    return await inTransaction(db, async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ role: 'supervisor', name: input.name, phone: input.phone, passwordHash })
        .returning({ id: users.id })
      await appendAuditEvent(tx, {
        actorUserId: grantedBy,
        action: 'account.role_granted',
        subjectType: 'user',
        subjectId: user!.id,
        data: { role: 'supervisor', name: input.name },
      })
      return user!
    })
  } catch (error) {
    throw asDuplicateError(error) ?? error
  }
}

export async function addSupervisor(ctx: Ctx, input: NewSupervisor) {
  const actor = requireRole(ctx, 'supervisor')
  return createSupervisor(ctx.db, input, actor.userId)
}

export async function listSupervisors(ctx: Ctx) {
  requireRole(ctx, 'supervisor')
  return ctx.db
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.role, 'supervisor'))
    .orderBy(users.createdAt)
}

/** Withdraws a colleague's supervisor role; nobody can lock out the last one or themselves. */
export async function revokeSupervisor(ctx: Ctx, userId: string) {
  const actor = requireRole(ctx, 'supervisor')
  if (userId === actor.userId) throw ValidationError.field('userId', '不能撤销自己的监管权限')
  if (!isUuid(userId)) throw ValidationError.field('userId', '该监管人员不存在或已撤销')
  await inTransaction(ctx.db, async (tx) => {
    const [revoked] = await tx
      .update(users)
      .set({ disabledAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.role, 'supervisor'), isNull(users.disabledAt)))
      .returning({ id: users.id })
    if (!revoked) throw ValidationError.field('userId', '该监管人员不存在或已撤销')
    await tx.delete(sessions).where(eq(sessions.userId, userId))
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'account.role_revoked',
      subjectType: 'user',
      subjectId: userId,
      data: { role: 'supervisor' },
    })
  })
}

/**
 * Gives a revoked colleague the role back, say after a mistaken revocation: the same account
 * and password, and a fresh sign-in, as revoking ended every session.
 */
export async function restoreSupervisor(ctx: Ctx, userId: string) {
  const actor = requireRole(ctx, 'supervisor')
  const missing = () => ValidationError.field('userId', '该监管人员不存在或未被撤销')
  if (!isUuid(userId)) throw missing()
  await inTransaction(ctx.db, async (tx) => {
    const [restored] = await tx
      .update(users)
      .set({ disabledAt: null })
      .where(and(eq(users.id, userId), eq(users.role, 'supervisor'), isNotNull(users.disabledAt)))
      .returning({ id: users.id })
    if (!restored) throw missing()
    await appendAuditEvent(tx, {
      actorUserId: actor.userId,
      action: 'account.role_granted',
      subjectType: 'user',
      subjectId: userId,
      data: { role: 'supervisor', restored: true },
    })
  })
}
