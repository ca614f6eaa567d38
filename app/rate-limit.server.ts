import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { type Database, getDatabase } from '#models/db/client.ts'
import { rateLimits } from '#models/db/schema-rate-limits.ts'
import { TooManyAttemptsError } from '#models/errors.ts'

const FIFTEEN_MINUTES = 15 * 60

/**
 * Per IP: all sign-in attempts. Per account: failures only, reset by a success. The counts
 * live in the database, so several instances share one allowance instead of each its own.
 */
function createLimiters(db: Database) {
  const options = { storeClient: db, schema: rateLimits, duration: FIFTEEN_MINUTES }
  return {
    perIp: new RateLimiterDrizzle({
      ...options,
      keyPrefix: 'signin_ip',
      points: attemptsPerIp(process.env.SIGNIN_ATTEMPTS_PER_IP),
    }),
    perAccount: new RateLimiterDrizzle({
      ...options,
      keyPrefix: 'signin_account',
      points: 5,
      blockDuration: FIFTEEN_MINUTES,
    }),
  }
}

/** 30 sign-in attempts per IP in 15 minutes, unless configured (an office behind one NAT). */
function attemptsPerIp(configured: string | undefined): number {
  const n = Number(configured)
  return Number.isInteger(n) && n > 0 ? n : 30
}

let limiters: Promise<ReturnType<typeof createLimiters>> | undefined
const getLimiters = () => (limiters ??= getDatabase().then(createLimiters))

async function consume(limiter: RateLimiterDrizzle, key: string) {
  try {
    await limiter.consume(key)
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(error.msBeforeNext / 1000)
    throw error
  }
}

export async function guardSignInAttempt(ip: string, login: string) {
  const { perIp, perAccount } = await getLimiters()
  await consume(perIp, ip)
  const left = await perAccount.get(login)
  if (left && left.remainingPoints <= 0) throw new TooManyAttemptsError(left.msBeforeNext / 1000)
}

export async function recordFailedSignIn(login: string) {
  const { perAccount } = await getLimiters()
  await consume(perAccount, login).catch(() => {})
}

export async function recordSuccessfulSignIn(login: string) {
  const { perAccount } = await getLimiters()
  await perAccount.delete(login)
}
