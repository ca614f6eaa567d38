/**
 * The credit rule table (信用评价规则): every point an agency gains or loses comes from one of
 * these rules, with its cap and how long it counts. The public page /credit/rules shows this
 * table as it is; change the numbers here and nowhere else.
 */

export const CREDIT_BASE = 100
export const CREDIT_MAX = 100
export const CREDIT_MIN = 0

export const creditGrades = ['A', 'B', 'C', 'D'] as const
export type CreditGrade = (typeof creditGrades)[number]

/** Lowest score of each grade: A ≥ 90, B 75–89, C 60–74, D < 60. */
export const gradeFloors: Record<CreditGrade, number> = { A: 90, B: 75, C: 60, D: 0 }

export const gradeNames: Record<CreditGrade, string> = {
  A: 'A 级（守信）',
  B: 'B 级（基本守信）',
  C: 'C 级（失信风险）',
  D: 'D 级（严重失信）',
}

export function gradeOf(score: number): CreditGrade {
  return creditGrades.find((g) => score >= gradeFloors[g]) ?? 'D'
}

/**
 * The grade shown for an agency: its score's, except while it is on the blacklist or out of
 * the market, when it is 严重失信 whatever the points say (a supervisor's listing deducts none).
 */
export function displayedGrade(grade: CreditGrade, barred: boolean): CreditGrade {
  return barred ? 'D' : grade
}

export const creditRuleCodes = [
  'evaluation',
  'completed_on_time',
  'overdue_delivery',
  'refused_to_sign',
  'sign_lapsed',
  'false_materials',
  'complaint_substantiated',
  'objection_upheld',
  'inspection_minor',
  'inspection_serious',
  'collusion',
] as const
export type CreditRuleCode = (typeof creditRuleCodes)[number]

export interface CreditRule {
  code: CreditRuleCode
  name: string
  /** What happened, in words for the public page. */
  description: string
  /** Points per record; for evaluations, see evaluationPoints. */
  points: number
  /** Most the rule may add (or take, for negative rules) within `capMonths`; null = no cap. */
  cap: number | null
  capMonths: number
  /** How long a record counts, from when it became final. */
  expiryMonths: number
  /** A supervisor's finding: the agency may reply within REPLY_WORKDAYS before it counts. */
  needsReply: boolean
  /** Puts the agency on the blacklist: at once, or at the `count`-th record within `withinMonths`. */
  blacklist: { count: number; withinMonths: number; months: number } | null
}

const rule = (r: CreditRule) => r

export const creditRules: Record<CreditRuleCode, CreditRule> = {
  evaluation: rule({
    code: 'evaluation',
    name: '服务评价',
    description:
      '采购人对已验收合同的评价：平均分 5 分 +2、4 分以上 +1、3 分以上 0、2 分以上 −2、不足 2 分 −4；合同金额 10 万元以上 ×1.5、100 万元以上 ×2（四舍五入）',
    points: 0,
    cap: 10,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: null,
  }),
  completed_on_time: rule({
    code: 'completed_on_time',
    name: '按期完成',
    description: '合同在服务时限内交付并通过验收',
    points: 1,
    cap: 6,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: null,
  }),
  overdue_delivery: rule({
    code: 'overdue_delivery',
    name: '逾期交付',
    description: '超过服务时限（含经同意的延期）仍未交付成果',
    points: -3,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: null,
  }),
  refused_to_sign: rule({
    code: 'refused_to_sign',
    name: '中选后拒签',
    description: '中选后拒绝签订合同；12 个月内拒签或逾期未签 2 次列入失信名单 6 个月',
    points: -5,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: { count: 2, withinMonths: 12, months: 6 },
  }),
  sign_lapsed: rule({
    code: 'sign_lapsed',
    name: '逾期未签',
    description: '中选后未在签约期限内签订合同，与拒签合并计次',
    points: -5,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: { count: 2, withinMonths: 12, months: 6 },
  }),
  false_materials: rule({
    code: 'false_materials',
    name: '提供虚假材料',
    description: '经监管部门查实提供虚假资质、业绩或人员材料；直接列入失信名单 12 个月',
    points: -20,
    cap: null,
    capMonths: 12,
    expiryMonths: 36,
    needsReply: true,
    blacklist: { count: 1, withinMonths: 12, months: 12 },
  }),
  complaint_substantiated: rule({
    code: 'complaint_substantiated',
    name: '投诉属实',
    description: '针对该机构的投诉经监管部门查证属实',
    points: -5,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: true,
    blacklist: null,
  }),
  objection_upheld: rule({
    code: 'objection_upheld',
    name: '质疑成立',
    description: '质疑经监管部门裁定成立，该机构的报价被认定无效',
    points: -3,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: false,
    blacklist: null,
  }),
  inspection_minor: rule({
    code: 'inspection_minor',
    name: '抽查发现一般问题',
    description: '双随机抽查发现一般问题并责令整改',
    points: -2,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: true,
    blacklist: null,
  }),
  inspection_serious: rule({
    code: 'inspection_serious',
    name: '抽查发现严重问题',
    description: '双随机抽查发现严重问题',
    points: -10,
    cap: null,
    capMonths: 12,
    expiryMonths: 24,
    needsReply: true,
    blacklist: null,
  }),
  collusion: rule({
    code: 'collusion',
    name: '串通投标',
    description: '经监管部门查实与其他机构串通报价或轮流中选；直接列入失信名单 24 个月',
    points: -30,
    cap: null,
    capMonths: 12,
    expiryMonths: 36,
    needsReply: true,
    blacklist: { count: 1, withinMonths: 12, months: 24 },
  }),
}

/** Working days an agency has to reply to a finding before it counts. */
export const REPLY_WORKDAYS = 3
/** 清退: the `count`-th blacklisting within `withinMonths` removes the agency for `months`. */
export const EXIT_RULE = { count: 2, withinMonths: 36, months: 36 }

/** Points for one evaluation: its average score, weighted by the contract's size. */
export function evaluationPoints(average: number, amountFen: number): number {
  const base = average >= 5 ? 2 : average >= 4 ? 1 : average >= 3 ? 0 : average >= 2 ? -2 : -4
  const weight = amountFen >= 100_000_000 ? 2 : amountFen >= 10_000_000 ? 1.5 : 1
  return Math.round(base * weight) || 0
}

const BEIJING_OFFSET_MS = 8 * 3_600_000

/**
 * The same Beijing wall-clock time `months` later (or earlier), on the month's last day when
 * it is shorter: 2026/11/30 + 3 months is 2027/02/28, not 2027/03/02.
 */
export const addMonths = (instant: Date, months: number) => {
  const wall = new Date(instant.getTime() + BEIJING_OFFSET_MS)
  const index = wall.getUTCFullYear() * 12 + wall.getUTCMonth() + months
  const year = Math.floor(index / 12)
  const month = index - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  wall.setUTCFullYear(year, month, Math.min(wall.getUTCDate(), lastDay))
  return new Date(wall.getTime() - BEIJING_OFFSET_MS)
}

export interface ScoredRecord {
  id: string
  rule: CreditRuleCode
  points: number
  status: 'pending' | 'final' | 'reversed' | 'withdrawn'
  effectiveAt: Date | null
  expiresAt: Date
}

export interface RecordEffect {
  id: string
  /** Points the record contributes now (0 when capped, expired, pending or reversed). */
  counted: number
  why: 'counted' | 'capped' | 'partly capped' | 'expired' | 'pending' | 'reversed' | 'withdrawn'
}

/**
 * The score as of `now`, and what each record contributes. Records count in the order they
 * became final; a rule's cap limits what its records add (or take) within its window; the
 * total is kept within 0–100.
 */
export function computeCreditScore(records: readonly ScoredRecord[], now: Date) {
  const effects: RecordEffect[] = []
  const counting = records
    .filter((r) => {
      if (r.status !== 'final' || !r.effectiveAt) {
        effects.push({ id: r.id, counted: 0, why: r.status === 'final' ? 'pending' : r.status })
        return false
      }
      if (r.expiresAt <= now) {
        effects.push({ id: r.id, counted: 0, why: 'expired' })
        return false
      }
      return true
    })
    .sort((a, b) => a.effectiveAt!.getTime() - b.effectiveAt!.getTime() || a.id.localeCompare(b.id))
  const used = new Map<CreditRuleCode, { at: Date; points: number }[]>()
  let total = CREDIT_BASE
  for (const r of counting) {
    const rule = creditRules[r.rule]
    let counted = r.points
    let why: RecordEffect['why'] = 'counted'
    if (rule.cap !== null) {
      const since = addMonths(now, -rule.capMonths)
      const window = (used.get(r.rule) ?? []).filter((u) => u.at > since)
      const sum = window.reduce((s, u) => s + u.points, 0)
      const room = Math.sign(counted) * Math.max(0, rule.cap - Math.abs(sum))
      if (Math.abs(counted) > Math.abs(room)) {
        why = room === 0 ? 'capped' : 'partly capped'
        counted = room
      }
    }
    used.set(r.rule, [...(used.get(r.rule) ?? []), { at: r.effectiveAt!, points: counted }])
    total += counted
    effects.push({ id: r.id, counted, why })
  }
  const score = Math.min(CREDIT_MAX, Math.max(CREDIT_MIN, total))
  return { score, grade: gradeOf(score), effects }
}

/** Whether a new final record of `code` triggers a blacklisting, given the agency's records. */
export function blacklistTrigger(
  code: CreditRuleCode,
  priorFinal: readonly { rule: CreditRuleCode; effectiveAt: Date }[],
  now: Date,
) {
  const trigger = creditRules[code].blacklist
  if (!trigger) return null
  // Refusing and letting the signing period lapse count together.
  const family: CreditRuleCode[] =
    code === 'refused_to_sign' || code === 'sign_lapsed'
      ? ['refused_to_sign', 'sign_lapsed']
      : [code]
  const since = addMonths(now, -trigger.withinMonths)
  const count =
    priorFinal.filter((r) => family.includes(r.rule) && r.effectiveAt > since).length + 1
  return count >= trigger.count ? { months: trigger.months, count } : null
}
