import { formatFen, formatFenRange, MAX_FEN } from './money.ts'

/** How an agency states its price for one catalogue item, and how it is shown. */

export const feeKinds = ['fixed', 'range', 'rule'] as const
export type FeeKind = (typeof feeKinds)[number]

export const feeKindNames: Record<FeeKind, string> = {
  fixed: '固定价格',
  range: '价格区间',
  rule: '计费规则',
}

/** What the agency typed, amounts already in fen; fields another kind uses are ignored. */
export interface FeeInput {
  feeKind: FeeKind
  feeFixedFen?: number | null
  feeMinFen?: number | null
  feeMaxFen?: number | null
  feeRule?: string
  feeExample?: string
}

/** The stored form: every kind keeps its bounds in fen (fixed: min = max). */
export interface OfferingFee {
  feeKind: FeeKind
  feeMinFen: number
  feeMaxFen: number
  feeRule: string
  feeExample: string
}

export type FeeProblem = { ok: false; field: string; reason: string }
export type FeeCheck = { ok: true; fee: OfferingFee } | FeeProblem

const problem = (field: string, reason: string): FeeProblem => ({ ok: false, field, reason })

const isAmount = (fen: number | null | undefined): fen is number =>
  fen != null && Number.isInteger(fen) && fen >= 0 && fen <= MAX_FEN

/** The bounds a fee stores, or the first field that is missing or wrong. */
export function offeringFeeBounds(input: FeeInput): FeeCheck {
  if (input.feeKind === 'fixed') {
    const fen = input.feeFixedFen
    if (!isAmount(fen)) return problem('feeFixed', '请填写固定价格（元）')
    if (fen <= 0) return problem('feeFixed', '固定价格须大于 0')
    return { ok: true, fee: fee('fixed', fen, fen) }
  }
  const { feeMinFen: min, feeMaxFen: max } = input
  const what = input.feeKind === 'range' ? '价格区间' : '计费规则的收费'
  if (!isAmount(min)) return problem('feeMin', `请填写${what}下限（元）`)
  if (!isAmount(max)) return problem('feeMax', `请填写${what}上限（元）`)
  if (max <= 0) return problem('feeMax', '收费上限须大于 0')
  if (min > max) return problem('feeMax', '收费上限不能低于下限')
  if (input.feeKind === 'range') return { ok: true, fee: fee('range', min, max) }
  const rule = input.feeRule?.trim() ?? ''
  const example = input.feeExample?.trim() ?? ''
  if (rule.length < 4) return problem('feeRule', '请写明计费规则，如“按投资额的 0.1% 计取”')
  if (example.length < 4)
    return problem('feeExample', '请给出一个计算示例，如“投资额 5000 万元 → 收费 6.5 万元”')
  return { ok: true, fee: fee('rule', min, max, rule, example) }
}

function fee(feeKind: FeeKind, feeMinFen: number, feeMaxFen: number, rule = '', example = '') {
  return { feeKind, feeMinFen, feeMaxFen, feeRule: rule, feeExample: example }
}

/** A committed time limit is whole working days, never above the catalogue item's own. */
export function checkTimeLimit(days: number, itemLimitDays?: number): FeeProblem | null {
  if (!Number.isInteger(days) || days <= 0)
    return problem('timeLimitDays', '承诺时限须为正整数（工作日）')
  if (itemLimitDays != null && days > itemLimitDays)
    return problem('timeLimitDays', `承诺时限不能超过该事项规定的 ${itemLimitDays} 个工作日`)
  return null
}

type FeeShown = Pick<OfferingFee, 'feeKind' | 'feeMinFen' | 'feeMaxFen' | 'feeRule'>

/** '¥8 万', '¥2–5 万', or the rule with its bounds. */
export function describeFee(offering: FeeShown): string {
  const range = formatFenRange(offering.feeMinFen, offering.feeMaxFen)
  if (offering.feeKind === 'fixed') return formatFen(offering.feeMinFen)
  if (offering.feeKind === 'range') return range
  return `${offering.feeRule}（${range}）`
}

/** The most an agency may bid for this offering: its own stated upper bound. */
export function feeCeilingFen(offering: Pick<OfferingFee, 'feeMaxFen'>): number {
  return offering.feeMaxFen
}
