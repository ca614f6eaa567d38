import type { ActionFunctionArgs } from '@remix-run/node'
import type Stripe from 'stripe'
import { getDatabase } from '#models/db/client.ts'
import { logger } from '#models/logger.ts'
import { handleStripeEvent } from '#models/payments-stripe.ts'
import { stripeFromEnv } from '#models/stripe-client.ts'

const answer = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

/**
 * Stripe's webhook. The signature is checked over the raw body exactly as sent, so the body
 * is read as text here and nowhere before (no body parser runs in server/index.ts; the CSRF
 * middleware only refuses a foreign Origin header, which Stripe does not send). A bad
 * signature is a 400 and changes nothing; an event already handled is a 200 and changes
 * nothing; an error while applying it is a 500, and Stripe sends it again later.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return answer(405, { error: 'method not allowed' })
  const setup = stripeFromEnv()
  if (!setup) return answer(503, { error: '在线支付未配置' })
  const payload = await request.text()
  let event: Stripe.Event
  try {
    event = await setup.stripe.webhooks.constructEventAsync(
      payload,
      request.headers.get('stripe-signature') ?? '',
      setup.webhookSecret,
    )
  } catch {
    logger.warn('Stripe webhook with a bad signature refused')
    return answer(400, { error: 'bad signature' })
  }
  const outcome = await handleStripeEvent(await getDatabase(), event)
  logger.info({ eventId: event.id, type: event.type, outcome }, 'Stripe webhook')
  return answer(200, { received: true, outcome })
}

export function loader() {
  return answer(405, { error: 'method not allowed' })
}
