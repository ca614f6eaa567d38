/**
 * One bid over HTTP, sent with the session cookie and the double-submit CSRF token as a
 * browser sends it: `data` posts to /projects/:id/bid.data as the Remix client does with
 * JavaScript (the answer is the action's result, turbo-stream encoded); `html` posts the
 * plain form as a browser without JavaScript does (the answer is the whole page). It counts
 * as acknowledged only when the answer is 200 and carries the receipt (the one 下载回执
 * saves), for this project, this agency and the price sent.
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
// Remix's own single-fetch decoder (a dependency of @remix-run/react).
import { decode } from 'turbo-stream'

export type Via = 'data' | 'html'

export interface Receipt {
  projectId: string
  agencyId: string
  revision: number
  priceFen: number
  salt: string
  commitment: string
  submittedAt: string
}

export interface BidAttempt {
  bidderIndex: number
  /** Planned send time, ms since the epoch (local clock). */
  plannedAt: number
  /** Whether it was meant for after the deadline. */
  afterDeadline: boolean
  priceFen: number
  timeLimitDays: number
}

export type Outcome =
  { kind: 'acknowledged'; receipt: Receipt } | { kind: 'refused'; reason: string; detail?: string }

export interface AttemptResult extends BidAttempt {
  sentAt: number
  answeredAt: number
  latencyMs: number
  status: number
  outcome: Outcome
}

export interface BidClient {
  via: Via
  baseUrl: string
  projectId: string
  agencyId: string
  sessionCookie: string
}

const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" }
const unescapeHtml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#x27);/g, (_, name: string) => entities[name]!)

/** The receipt in a bid page's 下载回执 link, or null when the page has none. */
export function receiptFromPage(html: string): Receipt | null {
  const match = /href="data:application\/json;charset=utf-8,([^"]*)"/.exec(html)
  if (!match) return null
  try {
    return JSON.parse(decodeURIComponent(unescapeHtml(match[1]!))) as Receipt
  } catch {
    return null
  }
}

/** The receipt in a single-fetch action answer: { data: { intent, result, receipt } }. */
async function receiptFromData(res: Response) {
  const { value, done } = await decode(res.body!)
  await done
  const answer = value as { data?: { receipt?: Receipt | null } } | null
  return { receipt: answer?.data?.receipt ?? null, text: JSON.stringify(value) }
}

/** Why an answer without a receipt was refused: the late message, or its HTTP status. */
function refusalOf(status: number, text: string): Outcome {
  if (status === 400 && text.includes('报价已截止（截止时间'))
    return { kind: 'refused', reason: 'late' }
  const alert = /role="alert"[^>]*>([^<]{1,200})</.exec(text)?.[1]
  return { kind: 'refused', reason: `http_${status}`, detail: alert ?? text.slice(0, 300) }
}

function checkReceipt(receipt: Receipt, client: BidClient, attempt: BidAttempt): Outcome {
  if (
    receipt.projectId !== client.projectId ||
    receipt.agencyId !== client.agencyId ||
    receipt.priceFen !== attempt.priceFen
  )
    return { kind: 'refused', reason: 'wrong_receipt', detail: JSON.stringify(receipt) }
  return { kind: 'acknowledged', receipt }
}

/** Sends one bid and classifies the answer. */
export async function sendBid(client: BidClient, attempt: BidAttempt): Promise<AttemptResult> {
  const csrf = randomBytes(32).toString('base64url')
  const body = new URLSearchParams({
    csrf,
    intent: 'bid',
    priceMode: 'amount',
    price: yuanText(attempt.priceFen),
    timeLimitDays: String(attempt.timeLimitDays),
    proposal: `按规范编制环境影响报告表，${attempt.timeLimitDays} 个工作日内完成。`,
    submissionKey: `bench-${attempt.bidderIndex}-${randomBytes(12).toString('hex')}`,
  })
  const sentAt = Date.now()
  const t0 = performance.now()
  let status = 0
  let outcome: Outcome
  try {
    const path = `/projects/${client.projectId}/bid${client.via === 'data' ? '.data' : ''}`
    const res = await fetch(`${client.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${client.sessionCookie}; zjcs_csrf=${csrf}`,
        origin: client.baseUrl,
      },
      body,
      signal: AbortSignal.timeout(60_000),
    })
    status = res.status
    const { receipt, text } =
      client.via === 'data'
        ? await receiptFromData(res)
        : await res.text().then((html) => ({ receipt: receiptFromPage(html), text: html }))
    outcome =
      receipt && status === 200 ? checkReceipt(receipt, client, attempt) : refusalOf(status, text)
  } catch (error) {
    outcome = { kind: 'refused', reason: 'network', detail: String(error) }
  }
  const latencyMs = performance.now() - t0
  return { ...attempt, sentAt, answeredAt: sentAt + latencyMs, latencyMs, status, outcome }
}

/** The agency's /my/bids page, to warm the server up and check that the session is taken. */
export async function openMyBids(baseUrl: string, sessionCookie: string) {
  const res = await fetch(`${baseUrl}/my/bids`, {
    redirect: 'manual',
    headers: { cookie: sessionCookie },
  })
  await res.text()
  return res.status
}
