import type { Database } from './db/client.ts'
import type { Role } from './db/schema.ts'
import { ForbiddenError, NotSignedInError } from './errors.ts'

/** The signed-in person on whose behalf a model operation runs. */
export interface Actor {
  userId: string
  role: Role
  name: string
  organisationId: string | null
  organisationName: string | null
  /** Signed in on a password someone else set: nothing but changing it until then. */
  mustChangePassword?: boolean
  /** Manages the organisation's accounts (organisation-members.ts asks again under a lock). */
  organisationAdmin?: boolean
}

export interface Ctx {
  db: Database
  actor: Actor | null
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new NotSignedInError()
  return ctx.actor
}

export function requireRole(ctx: Ctx, ...roles: Role[]): Actor {
  const actor = requireActor(ctx)
  if (!roles.includes(actor.role)) throw new ForbiddenError('您的账号没有此项操作的权限')
  return actor
}
