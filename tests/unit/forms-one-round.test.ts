import { describe, expect, it } from 'vitest'
import { signUpSchema } from '../../models/validation/accounts.ts'
import { ruleObjectionSchema } from '../../models/validation/objections.ts'
import { budgetPaymentSchema } from '../../models/validation/payments.ts'
import { projectFormSchemaFor } from '../../models/validation/projects.ts'

const earliest = new Date('2026-12-03T02:00:00Z') // 2026/12/03 10:00 in Beijing
const issuesOf = (form: Record<string, string>) => {
  const parsed = projectFormSchemaFor(earliest).safeParse(form)
  return parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message]))
}

describe('the project form says every mistake in one round', () => {
  it('reports the weights and a too-early deadline beside the missing fields', () => {
    const issues = issuesOf({
      title: '',
      method: 'scoring',
      weightPrice: '50',
      weightQuality: '20',
      weightCredit: '20',
      deadline: '2026-12-01 10:00',
      intent: 'publish',
    })
    expect(issues).toMatchObject({
      title: '项目名称至少 4 个字',
      weightCredit: '三项权重之和须为 100',
      deadline: '截止时间须在发布后至少 2 个工作日，不早于 2026/12/03 10:00',
    })
  })

  it('lets a draft keep an early deadline, and takes the earliest one to publish', () => {
    expect(issuesOf({ deadline: '2026-12-01 10:00', intent: 'save' })).not.toHaveProperty(
      'deadline',
    )
    expect(issuesOf({ deadline: '2026-12-03 10:00', intent: 'publish' })).not.toHaveProperty(
      'deadline',
    )
  })
})

const pathsOf = (parsed: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  parsed.success ? [] : parsed.error!.issues.map((i) => String(i.path[0]))

describe('other forms check across fields in the same round as field by field', () => {
  it('sign-up: a mismatched confirmation beside a missing name', () => {
    const parsed = signUpSchema.safeParse({
      kind: 'agency',
      password: 'Secret-2026',
      confirmPassword: 'Secret-2025',
    })
    expect(pathsOf(parsed)).toEqual(expect.arrayContaining(['organisationName', 'confirmPassword']))
  })

  it('an objection ruling: the remedy beside a short reason', () => {
    const parsed = ruleObjectionSchema.safeParse({
      objectionId: '0195a3c4-0000-7000-8000-000000000001',
      ruling: 'upheld',
      reason: '短',
    })
    expect(pathsOf(parsed)).toEqual(expect.arrayContaining(['reason', 'remedy']))
  })

  it('a payment: more than is owed beside a missing voucher number', () => {
    const schema = budgetPaymentSchema({
      today: '2026-11-30',
      earliest: '2026-11-01',
      outstandingFen: { contract: 1_000_000 },
    })
    const parsed = schema.safeParse({
      intent: 'budget',
      target: 'contract',
      budgetLine: '2026-预算-001',
      paidOn: '2026-11-20',
      amount: '20000',
    })
    expect(pathsOf(parsed).sort()).toEqual(['amount', 'voucherNumber'])
    // A missing item is said once, by its own field.
    const noItem = schema.safeParse({ intent: 'budget', amount: '1' })
    expect(pathsOf(noItem).filter((p) => p === 'target')).toHaveLength(1)
  })
})
