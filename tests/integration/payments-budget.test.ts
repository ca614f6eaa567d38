import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { moveClockTo, platformNow } from '../../models/clock.ts'
import type * as DbClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { creditEvents, payments } from '../../models/db/schema-contracts.ts'
import { notifications } from '../../models/db/schema-procedures.ts'
import { ForbiddenError, ValidationError } from '../../models/errors.ts'
import { runPaymentClock } from '../../models/payment-clock.ts'
import {
  getPaymentPage,
  recordBudgetPayment,
  recordOfflineTransfer,
} from '../../models/payments.ts'
import { startCheckout } from '../../models/payments-stripe.ts'
import { shanghaiDate } from '../../models/rules/qualifications.ts'
import { budgetPaymentSchema } from '../../models/validation/payments.ts'
import { action as paymentAction } from '../../app/routes/contracts.$id.payment.tsx'
import { contractRow, projectStatus, signedContract } from './contract-fixture.ts'
import {
  acceptedContract,
  deliverAndAccept,
  milestoneContract,
  paymentPost,
  paymentsOf,
  routeContext,
  timelineOf,
} from './payment-fixture.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

// The payment route reads the process-wide database: here, this file's own.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DbClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(4)
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zjcs-payments-'))
const previousDataDir = process.env.DATA_DIR

beforeAll(() => {
  route.db = world.handle.db
  process.env.DATA_DIR = dataDir
  // Online payment is off in this file: enterprises record bank transfers.
  delete process.env.STRIPE_SECRET_KEY
  delete process.env.STRIPE_WEBHOOK_SECRET
})
afterAll(() => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR
  else process.env.DATA_DIR = previousDataDir
  rmSync(dataDir, { recursive: true, force: true })
})

const today = async () => shanghaiDate(await platformNow(world.handle.db))

async function budget(
  contractId: string,
  amountFen: number,
  overrides: Record<string, string> = {},
) {
  return recordBudgetPayment(as(world, world.department), contractId, {
    target: 'contract',
    budgetLine: '2026-环保-017',
    voucherNumber: 'GK20260001',
    paidOn: await today(),
    amountFen,
    ...overrides,
  })
}

async function fieldError(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return (error as ValidationError).fieldErrors
}

describe('budget payments (department)', () => {
  it('records the treasury payment in parts; paid in full, the contract and project read paid', async () => {
    const { contract, projectId, winner } = await acceptedContract(world, world.department)
    expect(contract.paymentDueAt!.getTime() - contract.acceptedAt!.getTime()).toBe(30 * 86_400_000)

    await budget(contract.id, 1_500_000)
    let page = await getPaymentPage(as(world, winner), contract.id)
    expect(page.totals).toEqual({
      amountFen: 4_000_000,
      paidFen: 1_500_000,
      outstandingFen: 2_500_000,
      settled: false,
    })
    expect((await contractRow(world, contract.id)).paidAt).toBeNull()

    // The same voucher again (a double click, a resend) is refused, not recorded twice.
    const again = await fieldError(budget(contract.id, 1_500_000))
    expect(again.voucherNumber![0]).toBe(
      '凭证号 GK20260001 已为这笔款项登记过（¥15,000.00，' + (await today()) + '），请勿重复登记',
    )

    // More than is still owed is refused, in Chinese, beside the amount.
    const over = await fieldError(budget(contract.id, 2_500_001))
    expect(over.amount![0]).toBe('付款金额不能超过「合同价款」的未付金额 ¥25,000.00')

    await budget(contract.id, 2_500_000, { voucherNumber: 'GK20260002' })
    const paid = await contractRow(world, contract.id)
    expect(paid.paidAt).not.toBeNull()
    expect(await projectStatus(world, projectId)).toBe('paid')

    const rows = await paymentsOf(world, contract.id)
    expect(
      rows.map((r) => [r.method, r.status, r.amountFen, r.budgetLine, r.voucherNumber]),
    ).toEqual([
      ['budget', 'paid', 1_500_000, '2026-环保-017', 'GK20260001'],
      ['budget', 'paid', 2_500_000, '2026-环保-017', 'GK20260002'],
    ])
    const timeline = await timelineOf(world, projectId)
    expect(timeline.filter((e) => e.kind === 'payment.budget_recorded')).toHaveLength(2)
    expect(timeline.at(-1)!.summary).toContain('合同价款已付清')

    // Both sides see the state; the agency sees it without any form to pay.
    page = await getPaymentPage(as(world, winner), contract.id)
    expect(page.viewer).toBe('agency')
    expect(page.canPay).toBe(false)
    expect(page.due.kind).toBe('paid')
    expect(page.payments.map((p) => p.voucherNumber)).toEqual(['GK20260001', 'GK20260002'])
    const supervisor = await getPaymentPage(as(world, world.supervisor), contract.id)
    expect(supervisor.totals.settled).toBe(true)
    expect(await fieldError(budget(contract.id, 100))).toEqual({ target: ['「合同价款」已付清'] })
  })

  it('refuses dates in the future or before the contract, and a one-sum payment before acceptance', async () => {
    const { contract, winner } = await milestoneContract(world, world.department)
    const [advance, rest] = (await getPaymentPage(as(world, winner), contract.id)).units
    expect([advance!.amountFen, rest!.amountFen]).toEqual([1_200_000, 2_800_000])

    const tomorrow = shanghaiDate(
      new Date((await platformNow(world.handle.db)).getTime() + 86_400_000),
    )
    expect(
      await fieldError(budget(contract.id, 100, { target: advance!.target, paidOn: tomorrow })),
    ).toEqual({
      paidOn: ['付款日期不能晚于今天'],
    })
    expect(
      (
        await fieldError(
          budget(contract.id, 100, { target: advance!.target, paidOn: '2020-01-01' }),
        )
      ).paidOn![0],
    ).toContain('不能早于合同生效日期')
    expect(await fieldError(budget(contract.id, 100, { target: 'no-such-item' }))).toEqual({
      target: ['请选择付款项'],
    })

    // The advance may be paid while the service runs.
    await budget(contract.id, 1_200_000, { target: advance!.target })
    const page = await getPaymentPage(as(world, world.department), contract.id)
    expect(page.units.map((u) => [u.name, u.outstandingFen, u.payable.ok])).toEqual([
      ['签订后预付', 0, false],
      ['验收合格后', 2_800_000, true],
    ])
    expect(page.due.kind).toBe('before_acceptance')

    // Without milestones, the contract is paid in one sum after acceptance.
    const single = await signedContract(world, world.department)
    expect(await fieldError(budget(single.contract.id, 100))).toEqual({
      target: ['合同价款在验收通过后支付'],
    })
  })

  it('lets nobody but the department buyer record a budget payment', async () => {
    const { contract, winner } = await acceptedContract(world, world.department)
    const input = {
      target: 'contract',
      budgetLine: 'X-1',
      voucherNumber: 'V-1',
      paidOn: await today(),
      amountFen: 100,
    }
    await expect(recordBudgetPayment(as(world, winner), contract.id, input)).rejects.toThrow(
      ForbiddenError,
    )
    await expect(recordOfflineTransfer(as(world, winner), contract.id, input)).rejects.toThrow(
      ForbiddenError,
    )
    await expect(
      recordBudgetPayment(as(world, world.supervisor), contract.id, input),
    ).rejects.toThrow(ForbiddenError)
    await expect(
      recordBudgetPayment(as(world, world.enterprise), contract.id, input),
    ).rejects.toThrow(ForbiddenError)
    // A department pays through the treasury, never online or by a company transfer.
    await expect(
      startCheckout(as(world, world.department), contract.id, 'contract', 'http://x'),
    ).rejects.toThrow(ForbiddenError)
    await expect(
      recordOfflineTransfer(as(world, world.department), contract.id, input),
    ).rejects.toThrow(ForbiddenError)
    expect(await paymentsOf(world, contract.id)).toEqual([])
  })

  it('flags a payment not made within 30 days once, against the buyer', async () => {
    const { contract, projectId } = await acceptedContract(world, world.department)
    await runPaymentClock(world.handle.db, null)
    expect((await contractRow(world, contract.id)).paymentLateAt).toBeNull()

    await moveClockTo(world.handle.db, new Date(contract.paymentDueAt!.getTime() - 60_000))
    await runPaymentClock(world.handle.db, null)
    expect((await contractRow(world, contract.id)).paymentLateAt).toBeNull()

    await moveClockTo(world.handle.db, new Date(contract.paymentDueAt!.getTime() + 1000))
    const first = await runPaymentClock(world.handle.db, null)
    expect(first.latePayments).toBeGreaterThanOrEqual(1)
    expect((await contractRow(world, contract.id)).paymentLateAt).not.toBeNull()
    expect(await runPaymentClock(world.handle.db, null)).toEqual({ latePayments: 0, refunds: 0 })

    const events = await world.handle.db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.contractId, contract.id), eq(creditEvents.kind, 'late_payment')))
    expect(events).toHaveLength(1)
    expect(events[0]!.organisationId).toBe(world.department.organisationId)
    const told = await world.handle.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'contract.payment_late'))
    expect(
      told.filter((n) => n.organisationId === world.department.organisationId).length,
    ).toBeGreaterThan(0)
    expect(
      (await timelineOf(world, projectId)).filter((e) => e.kind === 'contract.payment_late'),
    ).toHaveLength(1)

    const page = await getPaymentPage(as(world, world.department), contract.id)
    expect(page.due).toMatchObject({ kind: 'late', daysLate: 1 })
    await budget(contract.id, 4_000_000)
    const after = await getPaymentPage(as(world, world.department), contract.id)
    expect(after.due).toMatchObject({ kind: 'paid', wasLate: true })
  })
})

describe('the payment form', () => {
  it('checks the typed values in Chinese before anything is sent', () => {
    const schema = budgetPaymentSchema({
      today: '2026-12-01',
      earliest: '2026-11-01',
      outstandingFen: { contract: 10_000 },
    })
    const base = { intent: 'budget', target: 'contract', budgetLine: '预算 1', voucherNumber: 'V1' }
    const issues = (form: Record<string, string>) =>
      schema.safeParse(form).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(schema.parse({ ...base, paidOn: '2026-12-01', amount: '100.00' }).amount).toBe(10_000)
    expect(issues({ ...base, paidOn: '2026-12-02', amount: '1' })).toEqual([
      'paidOn: 付款日期不能晚于今天',
    ])
    expect(issues({ ...base, paidOn: '2026-12-01', amount: '100.01' })).toEqual([
      'amount: 付款金额不能超过未付金额 ¥100.00',
    ])
    expect(issues({ ...base, paidOn: '2026/12/01', amount: '1' })).toEqual([
      'paidOn: 付款日期格式应为 YYYY-MM-DD',
    ])
    expect(issues({ ...base, paidOn: '2026-12-01', amount: '0' })).toEqual([
      'amount: 付款金额须大于 0',
    ])
  })
})

describe('offline transfers (enterprise, online payment not configured)', () => {
  it('records the voucher through the page, with its scan, and nobody else may', async () => {
    const { contract, projectId, winner } = await acceptedContract(world, world.enterprise)
    const page = await getPaymentPage(as(world, world.enterprise), contract.id)
    expect(page.channel).toBe('online')
    // Without Stripe, no checkout can start.
    expect(
      await fieldError(
        startCheckout(as(world, world.enterprise), contract.id, 'contract', 'http://x'),
      ),
    ).toEqual({
      target: ['在线支付未配置，请登记线下转账凭证'],
    })

    const pdf = new File([new TextEncoder().encode('%PDF-1.4\n% 转账凭证\n')], '转账凭证.pdf', {
      type: 'application/pdf',
    })
    const fields = {
      intent: 'offline',
      target: 'contract',
      voucherNumber: 'HD88880001',
      paidOn: await today(),
      amount: '40,000',
      voucher: pdf,
    }
    // The agency is refused before its file is stored.
    await expect(
      paymentAction({
        request: await paymentPost(world, winner, contract.id, fields),
        params: { id: contract.id },
        context: routeContext,
      }),
    ).rejects.toMatchObject({ status: 403 })

    const over = (await paymentAction({
      request: await paymentPost(world, world.enterprise, contract.id, {
        ...fields,
        amount: '40000.01',
      }),
      params: { id: contract.id },
      context: routeContext,
    })) as { init: { status: number }; data: { error: Record<string, string[]> } }
    expect(over.init.status).toBe(400)
    expect(over.data.error.amount).toEqual(['付款金额不能超过「合同价款」的未付金额 ¥40,000.00'])

    const done = (await paymentAction({
      request: await paymentPost(world, world.enterprise, contract.id, fields),
      params: { id: contract.id },
      context: routeContext,
    })) as Response
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe(`/contracts/${contract.id}/payment?done=offline`)

    const [row] = await world.handle.db
      .select()
      .from(payments)
      .where(eq(payments.contractId, contract.id))
    expect(row).toMatchObject({
      method: 'offline_transfer',
      status: 'paid',
      amountFen: 4_000_000,
      voucherNumber: 'HD88880001',
    })
    expect(row!.voucherUploadId).toMatch(/^[0-9a-f]{64}$/)
    expect(await projectStatus(world, projectId)).toBe('paid')
    const seen = await getPaymentPage(as(world, winner), contract.id)
    expect(seen.payments[0]).toMatchObject({
      method: 'offline_transfer',
      voucherUploadId: row!.voucherUploadId,
    })
  })

  it('keeps offline money on the books after a cancellation, to be returned outside the platform', async () => {
    const { contract } = await milestoneContract(world, world.enterprise)
    const [advance] = (await getPaymentPage(as(world, world.enterprise), contract.id)).units
    await recordOfflineTransfer(as(world, world.enterprise), contract.id, {
      target: advance!.target,
      voucherNumber: 'HD1',
      paidOn: await today(),
      amountFen: 1_200_000,
    })
    const { cancelContract } = await import('../../models/contract-changes.ts')
    await cancelContract(as(world, world.enterprise), contract.id, '项目取消，不再需要')
    const [row] = await paymentsOf(world, contract.id)
    expect(row!.status).toBe('paid')
    const page = await getPaymentPage(as(world, world.enterprise), contract.id)
    expect(page.offlineRefundFen).toBe(1_200_000)
    expect(page.canPay).toBe(false)
    expect(page.due.kind).toBe('ended')
  })

  it('paid in full before acceptance, the project reads paid once accepted', async () => {
    const { contract, projectId, winner } = await milestoneContract(world, world.enterprise)
    const [advance, rest] = (await getPaymentPage(as(world, world.enterprise), contract.id)).units
    const pay = async (target: string, amountFen: number) =>
      recordOfflineTransfer(as(world, world.enterprise), contract.id, {
        target,
        voucherNumber: `HD-${amountFen}`,
        paidOn: await today(),
        amountFen,
      })
    await pay(advance!.target, 1_200_000)
    await pay(rest!.target, 2_800_000)
    expect((await contractRow(world, contract.id)).paidAt).not.toBeNull()
    expect(await projectStatus(world, projectId)).toBe('contracted')
    await deliverAndAccept(world, world.enterprise, winner, contract.id)
    expect(await projectStatus(world, projectId)).toBe('paid')
  })
})
