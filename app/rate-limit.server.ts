import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible'
import { type Database, getDatabase } from '#models/db/client.ts'
import { rateLimits } from '#models/db/schema-rate-limits.ts'
import { TooManyAttemptsError } from '#models/errors.ts'

const FIFTEEN_MINUTES = 15 * 60
const ONE_HOUR = 60 * 60
const ONE_DAY = 24 * ONE_HOUR

/**
 * Per IP: all sign-in attempts. Per account and IP: failures, reset by a success, so guessing
 * from one address is slow but cannot lock the owner out from another (a login is often the
 * public contact phone). Per account from all addresses: a day's failures, a ceiling on
 * guessing spread over many addresses. The counts live in the database, so several instances
 * share one allowance instead of each its own.
 */
export function createLimiters(db: Database) {
  const options = { storeClient: db, schema: rateLimits, duration: FIFTEEN_MINUTES }
  return {
    perIp: new RateLimiterDrizzle({
      ...options,
      keyPrefix: 'signin_ip',
      points: attemptsPerIp(process.env.SIGNIN_ATTEMPTS_PER_IP),
    }),
    perAccountAndIp: new RateLimiterDrizzle({
      ...options,
      keyPrefix: 'signin_account_ip',
      points: 5,
      blockDuration: FIFTEEN_MINUTES,
    }),
    perAccount: new RateLimiterDrizzle({
      ...options,
      keyPrefix: 'signin_account_day',
      duration: ONE_DAY,
      points: 100,
      blockDuration: ONE_HOUR,
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

const accountAtIp = (login: string, ip: string) => `${login}|${ip}`

async function refuseIfSpent(limiter: RateLimiterDrizzle, key: string) {
  const left = await limiter.get(key)
  if (left && left.remainingPoints <= 0) throw new TooManyAttemptsError(left.msBeforeNext / 1000)
}

export async function guardSignInAttempt(ip: string, login: string, limiters = getLimiters()) {
  const { perIp, perAccountAndIp, perAccount } = await limiters
  await consume(perIp, ip)
  await refuseIfSpent(perAccountAndIp, accountAtIp(login, ip))
  await refuseIfSpent(perAccount, login)
}

export async function recordFailedSignIn(ip: string, login: string, limiters = getLimiters()) {
  const { perAccountAndIp, perAccount } = await limiters
  await consume(perAccountAndIp, accountAtIp(login, ip)).catch(() => {})
  await consume(perAccount, login).catch(() => {})
}

export async function recordSuccessfulSignIn(ip: string, login: string, limiters = getLimiters()) {
  const { perAccountAndIp } = await limiters
  await perAccountAndIp.delete(accountAtIp(login, ip))
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
