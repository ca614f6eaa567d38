import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { TooManyAttemptsError } from '#models/errors.ts'

// Per IP: all sign-in attempts. Per account: failures only, reset by a success.
const perIp = new RateLimiterMemory({ keyPrefix: 'signin_ip', points: 30, duration: 15 * 60 })
const perAccount = new RateLimiterMemory({
  keyPrefix: 'signin_account',
  points: 5,
  duration: 15 * 60,
  blockDuration: 15 * 60,
})

async function consume(limiter: RateLimiterMemory, key: string) {
  try {
    await limiter.consume(key)
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(error.msBeforeNext / 1000)
    throw error
  }
}

export async function guardSignInAttempt(ip: string, login: string) {
  await consume(perIp, ip)
  const left = await perAccount.get(login)
  if (left && left.remainingPoints <= 0) throw new TooManyAttemptsError(left.msBeforeNext / 1000)
}

export const recordFailedSignIn = (login: string) => consume(perAccount, login).catch(() => {})

export const recordSuccessfulSignIn = (login: string) => perAccount.delete(login)
