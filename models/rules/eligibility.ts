import { isIsoDate, isQualificationValidOn, type QualificationDates } from './qualifications.ts'

/**
 * Who may bid on or sign up for a project: an agency that offers the project's service item,
 * holds the item's required qualification on the deadline, and is neither suspended nor on the
 * blacklist. Nothing else: a buyer cannot add region, size, capital or local-office conditions,
 * so this input has no room for them.
 */
export interface EligibilityInput {
  /** The agency has an offering (服务报价) for the project's service item. */
  offersItem: boolean
  offeringPaused: boolean
  /** The catalogue item's required qualification type, or null when it requires none. */
  requiredQualification: string | null
  qualifications: readonly (QualificationDates & { type: string })[]
  /** 'YYYY-MM-DD': the deadline's Asia/Shanghai date. */
  onDate: string
  suspended: boolean
  blacklisted: boolean
  /** 清退: removed from the market. */
  exited?: boolean
}

export interface Eligibility {
  eligible: boolean
  /** Every reason the agency is not eligible, in Chinese; empty when it is. */
  reasons: string[]
}

export const BLACKLISTED_REASON = '机构在失信名单中'

export function checkEligibility(input: EligibilityInput): Eligibility {
  if (!isIsoDate(input.onDate)) throw new RangeError(`不是有效的日期：${input.onDate}`)
  const reasons: string[] = []
  if (!input.offersItem) reasons.push('未发布该事项的服务报价')
  else if (input.offeringPaused) reasons.push('该事项的服务报价已暂停')
  const required = input.requiredQualification?.trim()
  if (
    required &&
    !input.qualifications.some(
      (q) => q.type.trim() === required && isQualificationValidOn(q, input.onDate),
    )
  )
    reasons.push(`未持有在截止日有效的「${required}」资质`)
  if (input.suspended) reasons.push(SUSPENDED_REASON)
  if (input.blacklisted) reasons.push(BLACKLISTED_REASON)
  if (input.exited) reasons.push(EXITED_REASON)
  return { eligible: reasons.length === 0, reasons }
}

const SUSPENDED_REASON = '机构已被暂停'
const EXITED_REASON = '机构已被清退出市场'

/** Whether the agency can put every reason right itself (an offering, a certificate). */
export function canRemedy(reasons: readonly string[]): boolean {
  return !reasons.some((r) => [SUSPENDED_REASON, BLACKLISTED_REASON, EXITED_REASON].includes(r))
}
