import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createLimiters,
  guardSignInAttempt,
  recordFailedSignIn,
  recordSuccessfulSignIn,
} from '../../app/rate-limit.server.ts'
import type { DatabaseHandle } from '../../models/db/client.ts'
import { TooManyAttemptsError } from '../../models/errors.ts'
import { createTestDatabase } from '../setup/test-database.ts'

let handle: DatabaseHandle

beforeAll(async () => {
  handle = await createTestDatabase()
})
afterAll(() => handle.close())

async function failFrom(ip: string, login: string, times: number, limiters: Limiters) {
  for (let i = 0; i < times; i++) {
    await guardSignInAttempt(ip, login, limiters)
    await recordFailedSignIn(ip, login, limiters)
  }
}
type Limiters = Promise<ReturnType<typeof createLimiters>>

describe('wrong passwords for one account', () => {
  it('stop guesses from one address after five, without locking the owner out elsewhere', async () => {
    const limiters = Promise.resolve(createLimiters(handle.db))
    const login = '13900000001'
    await failFrom('203.0.113.5', login, 5, limiters)
    const refused = await guardSignInAttempt('203.0.113.5', login, limiters).catch((e) => e)
    expect(refused).toBeInstanceOf(TooManyAttemptsError)
    // The owner, at the office, is let in; another account from the guessing address too.
    await expect(guardSignInAttempt('198.51.100.20', login, limiters)).resolves.toBeUndefined()
    await expect(
      guardSignInAttempt('203.0.113.5', '13900000002', limiters),
    ).resolves.toBeUndefined()
  })

  it('forgive an address its failures once it signs in', async () => {
    const limiters = Promise.resolve(createLimiters(handle.db))
    const login = '13900000003'
    await failFrom('203.0.113.6', login, 4, limiters)
    await recordSuccessfulSignIn('203.0.113.6', login, limiters)
    await failFrom('203.0.113.6', login, 4, limiters)
    await expect(guardSignInAttempt('203.0.113.6', login, limiters)).resolves.toBeUndefined()
  })

  it('stop guessing spread over many addresses after a hundred failures a day', async () => {
    const limiters = Promise.resolve(createLimiters(handle.db))
    const login = '13900000004'
    for (let host = 1; host <= 25; host++) await failFrom(`192.0.2.${host}`, login, 4, limiters)
    const refused = await guardSignInAttempt('198.51.100.30', login, limiters).catch((e) => e)
    expect(refused).toBeInstanceOf(TooManyAttemptsError)
  })
})
