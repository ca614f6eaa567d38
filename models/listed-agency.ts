import { sql } from 'drizzle-orm'
import { organisations } from './db/schema.ts'

/**
 * An agency the market lists: neither suspended nor removed (清退). Written as the listed
 * agencies' partial indexes are (schema.ts), the kind as a literal: sent as a parameter, it
 * kept a prepared statement's generic plan from using those indexes.
 */
export const isListedAgency = sql`${organisations.kind} = 'agency' and ${organisations.suspendedAt} is null and ${organisations.exitedAt} is null`
