import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Sign-in attempt counters (rate-limiter-flexible's Drizzle store), kept in the database so
 * every app instance behind a load balancer counts the same attempts.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true }),
})
