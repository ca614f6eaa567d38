/**
 * The load of bench:bids: each agency sends a first bid and then revisions at random moments
 * of the last seconds before the deadline, one after another as a person would (a revision
 * waits for the previous answer); a second group of attempts comes just after the deadline.
 * At most `concurrency` requests are in flight, first come first served.
 */
import type { AttemptResult, BidAttempt, BidClient } from './bid-http.ts'
import { sendBid } from './bid-http.ts'

export interface LoadPlan {
  /** Per agency, its attempts before the deadline in planned order. */
  chains: BidAttempt[][]
  after: BidAttempt[]
}

export interface PlanOptions {
  agencies: number
  submissions: number
  afterDeadline: number
  deadline: number
  windowMs: number
  afterMs: number
  minFen: number
  maxFen: number
  seed?: number
}

/** A small linear congruential generator: the same plan for the same seed. */
function generator(seed: number) {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

export function planLoad(o: PlanOptions): LoadPlan {
  const next = generator(o.seed ?? 20261126)
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const lastPrice = new Map<number, number>()
  const attempt = (bidderIndex: number, plannedAt: number, afterDeadline: boolean) => {
    let priceFen = between(o.minFen, o.maxFen)
    while (priceFen === lastPrice.get(bidderIndex)) priceFen = between(o.minFen, o.maxFen)
    lastPrice.set(bidderIndex, priceFen)
    return { bidderIndex, plannedAt, afterDeadline, priceFen, timeLimitDays: between(10, 30) }
  }
  const chains = Array.from({ length: o.agencies }, (_, i) => {
    const count = Math.floor(o.submissions / o.agencies) + (i < o.submissions % o.agencies ? 1 : 0)
    return Array.from({ length: count }, () => o.deadline - o.windowMs + next() * o.windowMs)
      .sort((a, b) => a - b)
      .map((at) => attempt(i, at, false))
  })
  const after = Array.from({ length: o.afterDeadline }, () =>
    attempt(between(0, o.agencies - 1), o.deadline + next() * o.afterMs, true),
  ).sort((a, b) => a.plannedAt - b.plannedAt)
  return { chains, after }
}

/** A first-come-first-served limit on requests in flight. */
function semaphore(width: number) {
  let free = width
  const waiting: (() => void)[] = []
  return {
    async acquire() {
      if (free > 0) free--
      else await new Promise<void>((resolve) => waiting.push(resolve))
    },
    release() {
      const wake = waiting.shift()
      if (wake) wake()
      else free++
    },
  }
}

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

export async function runLoad(
  plan: LoadPlan,
  clientOf: (bidderIndex: number) => BidClient,
  concurrency: number,
): Promise<AttemptResult[]> {
  const results: AttemptResult[] = []
  const gate = semaphore(concurrency)
  const send = async (attempt: BidAttempt) => {
    await sleepUntil(attempt.plannedAt)
    await gate.acquire()
    try {
      results.push(await sendBid(clientOf(attempt.bidderIndex), attempt))
    } finally {
      gate.release()
    }
  }
  await Promise.all([
    ...plan.chains.map(async (chain) => {
      for (const attempt of chain) await send(attempt)
    }),
    ...plan.after.map(send),
  ])
  return results
}
