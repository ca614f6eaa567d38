import { isNotNull } from 'drizzle-orm'
import { projects } from './db/schema-procedures.ts'

/**
 * A project the public may see: one that was published. A draft is not, and neither is a
 * draft cancelled before publication (its status is then 'cancelled', never 'draft').
 */
export const isAnnouncedProject = isNotNull(projects.publishedAt)
