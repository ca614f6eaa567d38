import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLimiters, guardSignUp, recordSignUp } from '../../app/rate-limit.server.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { TooManyAttemptsError } from '../../models/errors.ts'
import { createTestDatabase } from '../setup/test-database.ts'

let handle: DatabaseHandle
const previous = process.env.SIGNUPS_PER_IP_PER_HOUR

beforeAll(async () => {
  process.env.SIGNUPS_PER_IP_PER_HOUR = '2'
  handle = await createTestDatabase()
})
afterAll(async () => {
  if (previous === undefined) delete process.env.SIGNUPS_PER_IP_PER_HOUR
  else process.env.SIGNUPS_PER_IP_PER_HOUR = previous
  await handle.close()
})

describe('accounts opened from one address', () => {
  it('allows the configured number an hour, counted in the database, then asks to wait', async () => {
    const limiters = Promise.resolve(createLimiters(handle.db))
    const ip = '198.51.100.7'
    for (let i = 0; i < 2; i++) {
      await guardSignUp(ip, limiters)
      await recordSignUp(ip, limiters)
    }
    const refused = await guardSignUp(ip, limiters).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(TooManyAttemptsError)
    expect((refused as Error).message).toMatch(/^尝试次数过多，请 \d+ 分钟后再试$/)
    // Another instance on the same database sees the same count; another address has its own.
    const elsewhere = Promise.resolve(createLimiters(handle.db))
    await expect(guardSignUp(ip, elsewhere)).rejects.toBeInstanceOf(TooManyAttemptsError)
    await expect(guardSignUp('198.51.100.8', elsewhere)).resolves.toBeUndefined()
  })
})
