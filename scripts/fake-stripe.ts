/**
 * Runs the local fake Stripe API (tests/fakes/stripe-server.ts) so online payment can be
 * tried by hand without a Stripe account: start it, start the app with the variables it
 * prints, click "在线支付", then "模拟支付成功" on the fake's checkout page. See docs/payments.md.
 *
 *   npm run fake:stripe
 *   FAKE_STRIPE_PORT=12111 STRIPE_WEBHOOK_URL=http://127.0.0.1:3000/webhooks/stripe npm run fake:stripe
 */
import { startFakeStripe } from '../tests/fakes/stripe-server.ts'

const port = Number(process.env.FAKE_STRIPE_PORT ?? 12111)
const webhookUrl = process.env.STRIPE_WEBHOOK_URL ?? 'http://127.0.0.1:3000/webhooks/stripe'

const fake = await startFakeStripe({
  port,
  webhookUrl,
  secretKey: process.env.STRIPE_SECRET_KEY ?? 'sk_test_fake_local',
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_fake_local',
})

const env = Object.entries(fake.env())
  .map(([name, value]) => `${name}=${value}`)
  .join(' ')
console.log(`模拟 Stripe 已启动：${fake.origin}（webhook 发往 ${webhookUrl}）`)
console.log('用以下环境变量启动应用：')
console.log(`  ${env} npm run dev`)

const report = setInterval(() => {
  for (const problem of fake.unexpected.splice(0))
    console.log(`未模拟的请求：${problem.method} ${problem.path}（${problem.reason}）`)
}, 1000)

process.on('SIGINT', () => {
  clearInterval(report)
  void fake.close().then(() => process.exit(0))
})
