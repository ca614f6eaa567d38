import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { type Database, getDatabase } from '#models/db/client.ts'
import { rateLimits } from '#models/db/schema-rate-limits.ts'
import { TooManyAttemptsError } from '#models/errors.ts'

const FIFTEEN_MINUTES = 15 * 60
const ONE_HOUR = 60 * 60

/**
 * Per IP: all sign-in attempts. Per account: failures only, reset by a success. The counts
 * live in the database, so several instances share one allowance instead of each its own.
 */
export function createLimiters(db: Database) {
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
    signUpsPerIp: new RateLimiterDrizzle({
      ...options,
      duration: ONE_HOUR,
      keyPrefix: 'signup_ip',
      points: positiveOr(process.env.SIGNUPS_PER_IP_PER_HOUR, 20),
    }),
  }
}

/** 30 sign-in attempts per IP in 15 minutes, unless configured (an office behind one NAT). */
function attemptsPerIp(configured: string | undefined): number {
  return positiveOr(configured, 30)
}

function positiveOr(configured: string | undefined, fallback: number): number {
  const n = Number(configured)
  return Number.isInteger(n) && n > 0 ? n : fallback
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

/**
 * Accounts opened from one IP: 20 an hour unless configured. Joining is free and open, but
 * not by the thousand from one script; only accounts actually made are counted.
 */
export async function guardSignUp(ip: string, limiters = getLimiters()) {
  const { signUpsPerIp } = await limiters
  const left = await signUpsPerIp.get(ip)
  if (left && left.remainingPoints <= 0) throw new TooManyAttemptsError(left.msBeforeNext / 1000)
}

export async function recordSignUp(ip: string, limiters = getLimiters()) {
  const { signUpsPerIp } = await limiters
  await consume(signUpsPerIp, ip).catch(() => {})
}
