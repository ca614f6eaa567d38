import Stripe from 'stripe'
import { logger } from './logger.ts'

/** The Stripe SDK and the secret that signs its webhooks; both or nothing. */
export interface StripeSetup {
  stripe: Stripe
  webhookSecret: string
}

let cached: { key: string; setup: StripeSetup } | null = null
let warned = false

/**
 * Stripe as the environment configures it: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, and
 * optionally STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL to talk to a local fake
 * (tests, `npm run fake:stripe`). Null when not configured: enterprises then record bank
 * transfers instead. A key without its webhook secret counts as not configured, since no
 * payment could ever be confirmed.
 */
export function stripeFromEnv(env: NodeJS.ProcessEnv = process.env): StripeSetup | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim() ?? ''
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim() ?? ''
  if (!secretKey || !webhookSecret) {
    if ((secretKey || webhookSecret) && !warned) {
      warned = true
      logger.warn(
        'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must both be set; online payment is off',
      )
    }
    return null
  }
  const host = env.STRIPE_API_HOST?.trim() || undefined
  const port = env.STRIPE_API_PORT?.trim() || undefined
  const protocol = protocolOf(env.STRIPE_API_PROTOCOL?.trim() || undefined)
  if (port && !/^\d{1,5}$/.test(port))
    throw new RangeError(`STRIPE_API_PORT must be a port number, got "${port}"`)
  const key = [secretKey, webhookSecret, host, port, protocol].join('\n')
  if (cached?.key === key) return cached.setup
  const stripe = new Stripe(secretKey, {
    ...(host ? { host } : {}),
    ...(port ? { port: Number(port) } : {}),
    ...(protocol ? { protocol } : {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'zhongjie-chaoshi' },
  })
  cached = { key, setup: { stripe, webhookSecret } }
  return cached.setup
}

function protocolOf(value: string | undefined): 'http' | 'https' | undefined {
  if (value === undefined || value === 'http' || value === 'https') return value
  throw new RangeError(`STRIPE_API_PROTOCOL must be http or https, got "${value}"`)
}

export const isStripeConfigured = (env: NodeJS.ProcessEnv = process.env) =>
  stripeFromEnv(env) != null
