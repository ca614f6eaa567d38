import { describe, expect, it } from 'vitest'
import { parseYuanToFen } from '../../models/rules/money.ts'
import { phoneSchema, signInSchema, signUpSchema } from '../../models/validation/accounts.ts'
import { extensionSchema } from '../../models/validation/contracts.ts'
import { readQualityScores } from '../../models/validation/project-actions.ts'
import { bidFormSchema } from '../../models/validation/projects.ts'
import { profileSchema } from '../../models/validation/registry.ts'

// What a Chinese input method in full-width mode sends, and what pasting adds.
describe('numbers and phone numbers typed in full width', () => {
  it.each([
    ['１２０００', 1_200_000],
    ['１．５万', 1_500_000],
    ['1。5万', 1_500_000],
    ['１２，３４５．６元', 1_234_560],
  ])('reads %s as an amount', (typed, fen) => {
    expect(parseYuanToFen(typed)).toEqual({ ok: true, fen })
  })

  it('still refuses what is not an amount', () => {
    expect(parseYuanToFen('１２ａ').ok).toBe(false)
    expect(parseYuanToFen('－５').ok).toBe(false)
  })

  it.each(['１３８００１３８０００', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000'])(
    'stores %s as 13800138000',
    (typed) => {
      expect(phoneSchema.parse(typed)).toBe('13800138000')
    },
  )

  it('refuses a phone number that is still wrong once folded', () => {
    expect(phoneSchema.safeParse('１２３ ４５６').success).toBe(false)
    expect(phoneSchema.safeParse('+1 138 0013 8000').success).toBe(false)
  })

  it('signs in with the phone number however it was typed, and leaves an email alone', () => {
    const login = (typed: string) => signInSchema.parse({ login: typed, password: 'x' }).login
    expect(login('１３８ ００１３ ８０００')).toBe('13800138000')
    expect(login(' Zhang@Example.com ')).toBe('zhang@example.com')
    expect(login('zhang＠example.com')).toBe('zhang@example.com')
  })

  it('keeps a landline with its hyphen and folds a mobile contact number', () => {
    const contact = (typed: string) =>
      profileSchema.shape.contactPhone.parse(typed) as unknown as string
    expect(contact('０３７１－１２３４５６７８')).toBe('0371-12345678')
    expect(contact('138-0013-8000')).toBe('13800138000')
  })

  it('does not fold names: an organisation keeps its full-width brackets', () => {
    const parsed = signUpSchema.parse({
      kind: 'agency',
      organisationName: '郑州某某咨询有限公司（分公司）',
      uscc: '９１３５０１００ｍ０００１００ｙ４３',
      contactName: '张三',
      phone: '１３８００１３８０００',
      email: ' Zhang＠Example.com ',
      password: 'Secret2026',
      confirmPassword: 'Secret2026',
    })
    expect(parsed.organisationName).toBe('郑州某某咨询有限公司（分公司）')
    expect(parsed.phone).toBe('13800138000')
    expect(parsed.uscc).toBe('91350100M000100Y43')
    expect(parsed.email).toBe('zhang@example.com')
  })

  it('reads whole numbers and percentages typed in full width', () => {
    const bid = bidFormSchema.parse({
      priceMode: 'discount',
      discountPercent: '８５．５',
      timeLimitDays: '２０',
      submissionKey: 'k'.repeat(16),
    })
    expect(bid.timeLimitDays).toBe(20)
    expect(bid.discountBasisPoints).toBe(8550)
    expect(
      extensionSchema.parse({ intent: 'extension', workdays: '５', reason: '材料补正' }),
    ).toEqual(expect.objectContaining({ workdays: 5 }))
  })

  it('reads quality scores typed in full width, and still refuses what is not 0–100', () => {
    const form = new FormData()
    form.set('score.a', '８５')
    form.set('score.b', ' 90 ')
    form.set('score.c', '１０１')
    form.set('score.d', '八十')
    expect(readQualityScores(form)).toEqual({
      scores: { a: 85, b: 90 },
      errors: { 'score.c': ['请填写 0–100 的整数'], 'score.d': ['请填写 0–100 的整数'] },
    })
  })
})
