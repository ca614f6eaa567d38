/**
 * A local stand-in for the Stripe API, answering only the endpoints the payment code calls,
 * for the REAL stripe SDK pointed at it (`new Stripe(key, { host, port, protocol: 'http' })`).
 * Any other request, or a malformed one, gets a 500 and is recorded in `unexpected`; tests
 * call `assertNoUnexpected()` after each case (msw's onUnhandledRequest: 'error').
 *
 * It also serves a checkout page (/pay/:id) whose "模拟支付成功" button sends a correctly
 * signed checkout.session.completed webhook to the app and returns to the success_url, so
 * the whole flow can be tried by hand (scripts/fake-stripe.ts, docs/payments.md).
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { parseStripeForm } from './stripe-form.ts'

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | undefined>
  body: Record<string, unknown>
}

export interface FakeSession {
  id: string
  object: 'checkout.session'
  mode: string
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  amount_subtotal: number
  currency: string
  metadata: Record<string, string>
  client_reference_id: string | null
  success_url: string
  cancel_url: string
  url: string | null
  payment_intent: string | null
  created: number
  expires_at: number
  livemode: false
}

export interface FakeRefund {
  id: string
  object: 'refund'
  amount: number
  currency: string
  payment_intent: string
  metadata: Record<string, string>
  status: 'succeeded'
  created: number
}

export interface SignedEvent {
  event: { id: string; type: string; data: { object: FakeSession } }
  payload: string
  signature: string
}

export interface FakeStripeOptions {
  secretKey?: string
  webhookSecret?: string
  /** Where the /pay page's button sends its webhook (the app's POST /webhooks/stripe). */
  webhookUrl?: string
  host?: string
  port?: number
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`
const seconds = () => Math.floor(Date.now() / 1000)
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    /** A request the payment code should never send: fails the test. */
    readonly unexpected: boolean,
  ) {
    super(String((body.error as { message?: string } | undefined)?.message ?? status))
  }
}

const invalid = (message: string, code?: string, unexpected = true) =>
  new Refusal(400, { error: { type: 'invalid_request_error', message, code } }, unexpected)

export async function startFakeStripe(options: FakeStripeOptions = {}) {
  const secretKey = options.secretKey ?? 'sk_test_fake_stripe'
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`
  const signer = new Stripe('sk_test_signer_only')
  const requests: RecordedRequest[] = []
  const unexpected: (RecordedRequest & { reason: string })[] = []
  const sessions = new Map<string, FakeSession>()
  const refunds: FakeRefund[] = []
  const idempotent = new Map<string, unknown>()
  let origin = ''

  function createSession(body: Record<string, unknown>): FakeSession {
    const items = body.line_items as { quantity?: string; price_data?: Record<string, unknown> }[]
    const price = items?.[0]?.price_data
    const amount = Number(price?.unit_amount)
    if (body.mode !== 'payment') throw invalid('mode must be payment')
    if (!Array.isArray(items) || items.length !== 1 || items[0]!.quantity !== '1')
      throw invalid('expected exactly one line item of quantity 1')
    if (!price || typeof price.currency !== 'string' || !Number.isInteger(amount) || amount <= 0)
      throw invalid('line_items[0][price_data] needs currency and a positive integer unit_amount')
    if (typeof body.success_url !== 'string' || typeof body.cancel_url !== 'string')
      throw invalid('success_url and cancel_url are required')
    const sessionId = id('cs_test')
    const session: FakeSession = {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: amount,
      amount_subtotal: amount,
      currency: price.currency,
      metadata: (body.metadata as Record<string, string>) ?? {},
      client_reference_id: (body.client_reference_id as string) ?? null,
      success_url: body.success_url,
      cancel_url: body.cancel_url,
      url: `${origin}/pay/${sessionId}`,
      payment_intent: null,
      created: seconds(),
      expires_at: seconds() + 86_400,
      livemode: false,
    }
    sessions.set(sessionId, session)
    return session
  }

  function createRefund(body: Record<string, unknown>): FakeRefund {
    const intent = body.payment_intent
    const paid = [...sessions.values()].find((s) => s.payment_intent === intent)
    if (typeof intent !== 'string' || !paid)
      throw invalid(`No such payment_intent: '${String(intent)}'`, 'resource_missing')
    const amount = body.amount === undefined ? paid.amount_total : Number(body.amount)
    const already = refunds
      .filter((r) => r.payment_intent === intent)
      .reduce((t, r) => t + r.amount, 0)
    if (already + amount > paid.amount_total)
      throw invalid(
        `Charge for ${intent} has already been refunded.`,
        'charge_already_refunded',
        false,
      )
    const refund: FakeRefund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: paid.currency,
      payment_intent: intent,
      metadata: (body.metadata as Record<string, string>) ?? {},
      status: 'succeeded',
      created: seconds(),
    }
    refunds.push(refund)
    return refund
  }

  /** The Stripe API: returns the JSON answer or throws a Refusal. */
  function answerApi(request: RecordedRequest): unknown {
    if (request.headers.authorization !== `Bearer ${secretKey}`)
      throw new Refusal(
        401,
        { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
        true,
      )
    const key = request.headers['idempotency-key']
    const remembered = key ? idempotent.get(`${request.path} ${key}`) : undefined
    if (remembered) return remembered
    let answer: unknown
    const sessionPath = /^\/v1\/checkout\/sessions\/(cs_test_\w+)$/.exec(request.path)
    if (request.method === 'POST' && request.path === '/v1/checkout/sessions')
      answer = createSession(request.body)
    else if (request.method === 'GET' && sessionPath) {
      answer = sessions.get(sessionPath[1]!)
      if (!answer)
        throw invalid(`No such checkout.session: '${sessionPath[1]}'`, 'resource_missing')
    } else if (request.method === 'POST' && request.path === '/v1/refunds') {
      if (!key) throw invalid('refunds must carry an Idempotency-Key')
      answer = createRefund(request.body)
    } else
      throw new Refusal(
        500,
        {
          error: {
            type: 'api_error',
            message: `fake Stripe has no ${request.method} ${request.path}`,
          },
        },
        true,
      )
    if (key) idempotent.set(`${request.path} ${key}`, answer)
    return answer
  }

  function complete(sessionId: string) {
    const session = sessions.get(sessionId)
    if (!session) throw new Error(`fake Stripe: no session ${sessionId}`)
    if (session.status !== 'open')
      throw new Error(`fake Stripe: session ${sessionId} is ${session.status}`)
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: id('pi'),
      url: null,
    })
    return session
  }

  function sign(type: string, session: FakeSession, eventId = id('evt_test')): SignedEvent {
    const event = {
      id: eventId,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: seconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: { ...session } },
    }
    const payload = JSON.stringify(event)
    return {
      event,
      payload,
      signature: signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }),
    }
  }

  async function payByHand(sessionId: string, res: http.ServerResponse) {
    const session = complete(sessionId)
    if (!options.webhookUrl) throw new Error('fake Stripe: no webhook URL configured')
    const { payload, signature } = sign('checkout.session.completed', session)
    const sent = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    })
    if (!sent.ok) throw new Error(`webhook answered ${sent.status}: ${await sent.text()}`)
    res
      .writeHead(303, {
        location: session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id),
      })
      .end()
  }

  function payPage(session: FakeSession) {
    const amount = (session.amount_total / 100).toFixed(2)
    return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>模拟 Stripe 支付</title>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>模拟 Stripe 支付（测试用）</h1>
<p>会话 ${escapeHtml(session.id)}<br>金额 <strong>${amount} ${escapeHtml(session.currency.toUpperCase())}</strong><br>状态 ${session.status}</p>
${session.status === 'open' ? `<form method="post" action="/pay/${session.id}/complete"><button type="submit">模拟支付成功</button></form>` : ''}
<p><a href="${escapeHtml(session.cancel_url)}">取消并返回</a></p></body></html>`
  }

  const server = http.createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (raw += chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin)
      const pay = /^\/pay\/(cs_test_\w+)(\/complete)?$/.exec(url.pathname)
      if (pay) {
        const session = sessions.get(pay[1]!)
        if (!session) return void res.writeHead(404).end('no such session')
        if (req.method === 'GET' && !pay[2])
          return void res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end(payPage(session))
        if (req.method === 'POST' && pay[2])
          return void payByHand(session.id, res).catch((error: Error) =>
            res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end(error.message),
          )
      }
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: parseStripeForm(raw),
      }
      requests.push(request)
      try {
        const answer = answerApi(request)
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': id('req') })
        res.end(JSON.stringify(answer))
      } catch (error) {
        const refusal =
          error instanceof Refusal
            ? error
            : new Refusal(500, { error: { type: 'api_error', message: String(error) } }, true)
        if (refusal.unexpected) unexpected.push({ ...request, reason: refusal.message })
        res.writeHead(refusal.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(refusal.body))
      }
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const port = (server.address() as AddressInfo).port
  origin = `http://${host}:${port}`

  return {
    origin,
    port,
    secretKey,
    webhookSecret,
    requests,
    unexpected,
    sessions,
    refunds,
    /** STRIPE_* variables that point stripeFromEnv() at this fake. */
    env: () => ({
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_HOST: host,
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    }),
    /** The real SDK, talking to this fake. */
    client: () => new Stripe(secretKey, { host, port, protocol: 'http', maxNetworkRetries: 0 }),
    /** Pays a session, as a customer would on the checkout page, and signs its webhook. */
    completedEvent: (sessionId: string, eventId?: string) =>
      sign('checkout.session.completed', complete(sessionId), eventId),
    /** Lets a session lapse, and signs its webhook. */
    expiredEvent(sessionId: string) {
      const session = sessions.get(sessionId)!
      Object.assign(session, { status: 'expired', url: null })
      return sign('checkout.session.expired', session)
    },
    sign,
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path === path),
    assertNoUnexpected() {
      const found = unexpected.splice(0)
      if (found.length > 0)
        throw new Error(
          `fake Stripe got unexpected requests:\n${found.map((r) => `${r.method} ${r.path}: ${r.reason}`).join('\n')}`,
        )
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>
