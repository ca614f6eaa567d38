/**
 * Every PostgreSQL advisory lock key the platform takes, in one place so that no two
 * purposes share a number (a shared key makes one wait on the other, or deadlock).
 */
export const advisoryLocks = {
  /** Migrations, when several app instances start together. */
  migrations: 7_301_001,
  /** Appending to the audit log's hash chain, one event at a time. */
  auditChain: 7_301_002,
  /** The demo seed: one at a time, and none while a discarded one is being dropped. */
  demoSeed: 7_301_003,
} as const
