import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { count, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  action as paymentAction,
  loader as paymentLoader,
} from '../../app/routes/contracts.$id.payment.tsx'
import {
  action as webhookAction,
  loader as webhookLoader,
} from '../../app/routes/webhooks.stripe.ts'
import { cancelContract } from '../../models/contract-changes.ts'
import type * as DbClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { contracts, stripeEvents } from '../../models/db/schema-contracts.ts'
import { notifications, projectEvents } from '../../models/db/schema-procedures.ts'
import { auditEvents } from '../../models/db/schema.ts'
import { ForbiddenError } from '../../models/errors.ts'
import { runPaymentClock } from '../../models/payment-clock.ts'
import {
  getPaymentPage,
  recordBudgetPayment,
  recordOfflineTransfer,
} from '../../models/payments.ts'
import { startCheckout } from '../../models/payments-stripe.ts'
import { type FakeStripe, type SignedEvent, startFakeStripe } from '../fakes/stripe-server.ts'
import { contractRow, projectStatus } from './contract-fixture.ts'
import {
  acceptedContract,
  cookieFor,
  milestoneContract,
  ORIGIN,
  paymentPost,
  paymentsOf,
  routeContext,
  timelineOf,
} from './payment-fixture.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

// The routes read the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DbClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(4)
let fake: FakeStripe

beforeAll(async () => {
  route.db = world.handle.db
  fake = await startFakeStripe()
  Object.assign(process.env, fake.env())
})
afterEach(() => fake.assertNoUnexpected())
afterAll(() => fake.close())

/** The enterprise clicks "在线支付" on the page: the action answers 303 to the checkout page. */
async function clickPay(contractId: string, target = 'contract') {
  const answer = (await paymentAction({
    request: await paymentPost(world, world.enterprise, contractId, { intent: 'checkout', target }),
    params: { id: contractId },
    context: routeContext,
  })) as Response
  expect(answer.status).toBe(303)
  return answer.headers.get('location')!
}

function deliver(signed: Pick<SignedEvent, 'payload' | 'signature'>) {
  const request = new Request(`${ORIGIN}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
    body: signed.payload,
  })
  return webhookAction({ request, params: {}, context: routeContext })
}

/** Everything a webhook could change. */
async function snapshot(contractId: string) {
  const db = world.handle.db
  const tally = async (
    table: typeof stripeEvents | typeof projectEvents | typeof auditEvents | typeof notifications,
  ) => (await db.select({ n: count() }).from(table))[0]!.n
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, contractId))
  return {
    payments: await paymentsOf(world, contractId),
    contract,
    events: await tally(stripeEvents),
    timeline: await tally(projectEvents),
    audit: await tally(auditEvents),
    notifications: await tally(notifications),
  }
}

const sessionIdOf = (url: string) => url.split('/').at(-1)!

describe('Stripe Checkout (enterprise)', () => {
  it('charges the amount owed in cny; the signed webhook, not the redirect, marks it paid', async () => {
    const { contract, projectId, winner } = await acceptedContract(world, world.enterprise)
    const url = await clickPay(contract.id)
    expect(url).toMatch(new RegExp(`^${fake.origin}/pay/cs_test_\\w+$`))

    const [sent] = fake.requestsTo('POST', '/v1/checkout/sessions')
    const [pending] = await paymentsOf(world, contract.id)
    expect(sent!.body).toMatchObject({
      mode: 'payment',
      client_reference_id: pending!.id,
      line_items: [{ quantity: '1', price_data: { currency: 'cny', unit_amount: '4000000' } }],
      metadata: { paymentId: pending!.id, contractId: contract.id },
      success_url: `${ORIGIN}/contracts/${contract.id}/payment?paid=1`,
      cancel_url: `${ORIGIN}/contracts/${contract.id}/payment?cancelled=1`,
    })
    expect(pending).toMatchObject({
      method: 'stripe',
      status: 'pending',
      amountFen: 4_000_000,
      stripeSessionId: sessionIdOf(url),
    })

    // Back from Stripe before its webhook: the page says the bank decides, and shows it pending.
    const back = await paymentLoader({
      request: new Request(`${ORIGIN}/contracts/${contract.id}/payment?paid=1`, {
        headers: { cookie: await cookieFor(world, world.enterprise) },
      }),
      params: { id: contract.id },
      context: routeContext,
    })
    expect(back.returnedPaid).toBe(true)
    expect(back.stripeConfigured).toBe(true)
    expect(back.page.totals.settled).toBe(false)
    expect(back.page.units[0]!.pendingFen).toBe(4_000_000)
    expect(await projectStatus(world, projectId)).toBe('accepted')

    const paid = fake.completedEvent(sessionIdOf(url))
    const answer = await deliver(paid)
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ received: true, outcome: 'paid' })

    const [row] = await paymentsOf(world, contract.id)
    expect(row).toMatchObject({
      status: 'paid',
      stripePaymentIntentId: fake.sessions.get(sessionIdOf(url))!.payment_intent,
    })
    expect((await contractRow(world, contract.id)).paidAt).not.toBeNull()
    expect(await projectStatus(world, projectId)).toBe('paid')
    expect((await timelineOf(world, projectId)).map((e) => e.kind)).toContain('payment.received')
    const agencyView = await getPaymentPage(as(world, winner), contract.id)
    expect(agencyView.payments.map((p) => [p.method, p.status])).toEqual([['stripe', 'paid']])

    // A replay of the same event, and a new event about the same session, change nothing.
    const before = await snapshot(contract.id)
    const replay = await deliver(paid)
    expect(await replay.json()).toEqual({ received: true, outcome: 'duplicate' })
    const again = fake.sign('checkout.session.completed', fake.sessions.get(sessionIdOf(url))!)
    expect(await (await deliver(again)).json()).toEqual({ received: true, outcome: 'ignored' })
    const after = await snapshot(contract.id)
    expect({ ...after, events: after.events - 1 }).toEqual(before)
  })

  it('refuses a bad signature with 400 and changes nothing', async () => {
    const { contract } = await acceptedContract(world, world.enterprise)
    const url = await clickPay(contract.id)
    const genuine = fake.completedEvent(sessionIdOf(url))
    const before = await snapshot(contract.id)

    const forged = {
      payload: genuine.payload,
      signature: genuine.signature.replace(/v1=\w{8}/, 'v1=00000000'),
    }
    const tampered = {
      payload: genuine.payload.replace('"paid"', '"paid" '),
      signature: genuine.signature,
    }
    const unsigned = { payload: genuine.payload, signature: '' }
    for (const bad of [forged, tampered, unsigned]) {
      const answer = await deliver(bad)
      expect(answer.status).toBe(400)
    }
    expect(await snapshot(contract.id)).toEqual(before)
    expect((await paymentsOf(world, contract.id))[0]!.status).toBe('pending')

    // The genuine one still works afterwards.
    expect(await (await deliver(genuine)).json()).toEqual({ received: true, outcome: 'paid' })
    expect((await webhookLoader()).status).toBe(405)
  })

  it('sends a second click to the same open checkout, and starts afresh once it expired', async () => {
    const { contract } = await milestoneContract(world, world.enterprise)
    const [advance] = (await getPaymentPage(as(world, world.enterprise), contract.id)).units
    const first = await clickPay(contract.id, advance!.target)
    expect(await clickPay(contract.id, advance!.target)).toBe(first)
    expect(fake.requestsTo('GET', `/v1/checkout/sessions/${sessionIdOf(first)}`)).toHaveLength(1)
    expect(await paymentsOf(world, contract.id)).toHaveLength(1)
    const [created] = fake
      .requestsTo('POST', '/v1/checkout/sessions')
      .filter((r) => (r.body.metadata as Record<string, string>).contractId === contract.id)
    expect(created!.body).toMatchObject({
      line_items: [{ price_data: { currency: 'cny', unit_amount: '1200000' } }],
    })

    expect(await (await deliver(fake.expiredEvent(sessionIdOf(first)))).json()).toEqual({
      received: true,
      outcome: 'expired',
    })
    const second = await clickPay(contract.id, advance!.target)
    expect(second).not.toBe(first)
    const rows = await paymentsOf(world, contract.id)
    expect(rows.map((r) => r.status).sort()).toEqual(['expired', 'pending'])
    // A contract paid by milestones has no one-sum item to pay.
    const refused = (await paymentAction({
      request: await paymentPost(world, world.enterprise, contract.id, {
        intent: 'checkout',
        target: 'contract',
      }),
      params: { id: contract.id },
      context: routeContext,
    })) as { init: { status: number }; data: { error: Record<string, string[]> } }
    expect(refused.init.status).toBe(400)
    expect(refused.data.error.target).toEqual(['请选择付款项'])
  })

  it('lets only the enterprise buyer pay online; no budget or offline records beside Stripe', async () => {
    const { contract, winner } = await acceptedContract(world, world.enterprise)
    await expect(startCheckout(as(world, winner), contract.id, 'contract', ORIGIN)).rejects.toThrow(
      ForbiddenError,
    )
    await expect(
      startCheckout(as(world, world.supervisor), contract.id, 'contract', ORIGIN),
    ).rejects.toThrow(ForbiddenError)
    const manual = {
      target: 'contract',
      budgetLine: 'B',
      voucherNumber: 'V-1',
      paidOn: '2020-01-01',
      amountFen: 1,
    }
    await expect(
      recordBudgetPayment(as(world, world.enterprise), contract.id, manual),
    ).rejects.toThrow(ForbiddenError)
    // With Stripe configured, the page takes no offline transfer.
    const offline = (await paymentAction({
      request: await paymentPost(world, world.enterprise, contract.id, {
        intent: 'offline',
        target: 'contract',
        voucherNumber: 'HD1',
        paidOn: '2020-01-01',
        amount: '1',
      }),
      params: { id: contract.id },
      context: routeContext,
    })) as { init: { status: number }; data: { error: Record<string, string[]> } }
    expect(offline.init.status).toBe(400)
    expect(offline.data.error['']).toEqual(['平台已开通在线支付，请使用在线支付'])
    // A department's offline transfer is refused as well: it pays through the treasury.
    await expect(
      recordOfflineTransfer(as(world, world.department), contract.id, manual),
    ).rejects.toThrow(ForbiddenError)
    const department = await acceptedContract(world, world.department)
    await expect(
      startCheckout(as(world, world.department), department.contract.id, 'contract', ORIGIN),
    ).rejects.toThrow(ForbiddenError)
    expect(await paymentsOf(world, contract.id)).toEqual([])
    expect(fake.requests.filter((r) => JSON.stringify(r.body).includes(contract.id))).toEqual([])
  })
})

describe('refunds after a cancellation', () => {
  it('refunds a paid milestone through Stripe once, keyed by the payment id', async () => {
    const { contract, projectId } = await milestoneContract(world, world.enterprise)
    const [advance] = (await getPaymentPage(as(world, world.enterprise), contract.id)).units
    const url = await clickPay(contract.id, advance!.target)
    await deliver(fake.completedEvent(sessionIdOf(url)))
    const [paid] = await paymentsOf(world, contract.id)
    expect(paid).toMatchObject({ status: 'paid', amountFen: 1_200_000 })

    await cancelContract(as(world, world.enterprise), contract.id, '项目取消，不再需要')
    expect((await paymentsOf(world, contract.id))[0]!.status).toBe('refund_due')
    const page = await getPaymentPage(as(world, world.enterprise), contract.id)
    expect(page.payments[0]!.status).toBe('refund_due')

    const report = await runPaymentClock(world.handle.db)
    expect(report.refunds).toBe(1)
    const sent = fake.requestsTo('POST', '/v1/refunds')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.headers['idempotency-key']).toBe(paid!.id)
    expect(sent[0]!.body).toMatchObject({
      payment_intent: paid!.stripePaymentIntentId,
      amount: '1200000',
    })
    const [refunded] = await paymentsOf(world, contract.id)
    expect(refunded).toMatchObject({ status: 'refunded', stripeRefundId: fake.refunds[0]!.id })
    expect(refunded!.refundedAt).not.toBeNull()
    expect((await timelineOf(world, projectId)).map((e) => e.kind)).toContain('payment.refunded')

    expect((await runPaymentClock(world.handle.db)).refunds).toBe(0)
    expect(fake.requestsTo('POST', '/v1/refunds')).toHaveLength(1)
  })

  it('refunds a checkout completed after the contract was cancelled', async () => {
    const { contract } = await milestoneContract(world, world.enterprise)
    const [advance] = (await getPaymentPage(as(world, world.enterprise), contract.id)).units
    const url = await clickPay(contract.id, advance!.target)
    await cancelContract(as(world, world.enterprise), contract.id, '项目取消，不再需要')
    expect(await (await deliver(fake.completedEvent(sessionIdOf(url)))).json()).toEqual({
      received: true,
      outcome: 'refund_due',
    })
    expect((await contractRow(world, contract.id)).paidAt).toBeNull()
    const refundsBefore = fake.requestsTo('POST', '/v1/refunds').length
    expect((await runPaymentClock(world.handle.db)).refunds).toBe(1)
    expect(fake.requestsTo('POST', '/v1/refunds')).toHaveLength(refundsBefore + 1)
    expect((await paymentsOf(world, contract.id))[0]!.status).toBe('refunded')
  })
})

describe('the fake Stripe', () => {
  it('answers any request the payment code should not send with an error that fails the test', async () => {
    await expect(fake.client().customers.create({ name: '不该调用' })).rejects.toMatchObject({
      statusCode: 500,
    })
    await expect(
      fake.client().refunds.create({ payment_intent: 'pi_unknown' }),
    ).rejects.toMatchObject({
      statusCode: 400,
    })
    expect(() => fake.assertNoUnexpected()).toThrow(/POST \/v1\/customers[\s\S]*POST \/v1\/refunds/)
  })
})

describe('paying by hand on the fake checkout page', () => {
  it('sends a signed webhook the app accepts, then returns to the success_url', async () => {
    // The app's webhook route behind a real HTTP port, as `npm run fake:stripe` reaches it.
    const app = http.createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', async () => {
        const request = new Request(`${ORIGIN}${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body,
        })
        const answer = await webhookAction({ request, params: {}, context: routeContext })
        res.writeHead(answer.status).end(await answer.text())
      })
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
    const byHand = await startFakeStripe({
      secretKey: fake.secretKey,
      webhookSecret: fake.webhookSecret,
      webhookUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks/stripe`,
    })
    Object.assign(process.env, byHand.env())
    try {
      const { contract, projectId } = await acceptedContract(world, world.enterprise)
      const url = await clickPay(contract.id)
      expect(url.startsWith(byHand.origin)).toBe(true)
      expect(await (await fetch(url)).text()).toContain('模拟支付成功')
      const paid = await fetch(`${url}/complete`, { method: 'POST', redirect: 'manual' })
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toBe(`${ORIGIN}/contracts/${contract.id}/payment?paid=1`)
      expect((await paymentsOf(world, contract.id))[0]!.status).toBe('paid')
      expect(await projectStatus(world, projectId)).toBe('paid')
      byHand.assertNoUnexpected()
    } finally {
      Object.assign(process.env, fake.env())
      await byHand.close()
      await new Promise((resolve) => app.close(resolve))
    }
  })
})

describe('without Stripe configured', () => {
  it('the webhook answers 503 and the page offers the offline voucher', async () => {
    const saved = { key: process.env.STRIPE_SECRET_KEY, secret: process.env.STRIPE_WEBHOOK_SECRET }
    delete process.env.STRIPE_SECRET_KEY
    try {
      const { contract } = await acceptedContract(world, world.enterprise)
      const signed = fake.sign('checkout.session.completed', {
        ...[...fake.sessions.values()][0]!,
      })
      expect((await deliver(signed)).status).toBe(503)
      const page = await paymentLoader({
        request: new Request(`${ORIGIN}/contracts/${contract.id}/payment`, {
          headers: { cookie: await cookieFor(world, world.enterprise) },
        }),
        params: { id: contract.id },
        context: routeContext,
      })
      expect(page.stripeConfigured).toBe(false)
      expect(page.page.canPay).toBe(true)
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key
      process.env.STRIPE_WEBHOOK_SECRET = saved.secret
    }
  })
})
