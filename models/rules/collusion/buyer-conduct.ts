import { at, byOpening } from './market.ts'
import {
  binomialTail,
  clampStrength,
  FAMILY_ALPHA,
  percentText,
  pValueText,
  strengthFromP,
} from './statistics.ts'
import type { ScreenFlag, ScreenMarket, ScreenProject } from './types.ts'

/**
 * A buyer's own conduct: cancelling after the prices are known, excluding every bidder
 * but one, paying late. Rates are compared with the rest of the market's, so a practice
 * common everywhere flags nobody in particular.
 */

/** Two cancellations after opening are a pattern; one may be a real change of plan. */
export const CANCEL_MIN_COUNT = 2
export const CANCEL_BASE_RATE_FLOOR = 0.005
/** A bid the panel scored below this has, in effect, been failed (scoring method). */
export const QUALITY_FAIL_SCORE = 60
/** At least two bids excluded by the buyer's own decisions, leaving at most one standing. */
export const REJECT_MIN_EXCLUDED = 2
/** Late payment: at least two contracts … */
export const LATE_MIN_COUNT = 2
/** … a quarter or more of the buyer's payments due … */
export const LATE_MIN_SHARE = 0.25
/** … and well above the rest of the market's late rate (floored for a small history). */
export const LATE_BASE_RATE_FLOOR = 0.02

function groupBy<T>(items: readonly T[], key: (item: T) => string) {
  const map = new Map<string, T[]>()
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item])
  return map
}

/** Rate among everyone but `id`, floored. */
const othersRate = (
  hits: number,
  total: number,
  ownHits: number,
  ownTotal: number,
  floor: number,
) => Math.max(floor, total - ownTotal > 0 ? (hits - ownHits) / (total - ownTotal) : 0)

export function buyerCancelAfterOpening(market: ScreenMarket): ScreenFlag[] {
  const isCancelled = (p: ScreenProject) => p.status === 'cancelled'
  const byBuyer = groupBy(market.projects, (p) => p.buyerId)
  const total = market.projects.length
  const hits = market.projects.filter(isCancelled).length
  const tested = [...byBuyer.values()].filter((ps) => ps.length >= CANCEL_MIN_COUNT).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)
  const flags: ScreenFlag[] = []
  for (const [buyerId, projects] of byBuyer) {
    const cancelled = projects.filter(isCancelled).sort(byOpening)
    if (cancelled.length < CANCEL_MIN_COUNT) continue
    const rate = othersRate(hits, total, cancelled.length, projects.length, CANCEL_BASE_RATE_FLOOR)
    const p = binomialTail(cancelled.length, projects.length, rate)
    if (p >= alpha) continue
    flags.push({
      kind: 'buyer_cancel_after_opening',
      side: 'buyer',
      organisationIds: [buyerId],
      projectId: cancelled.at(-1)!.id,
      strength: strengthFromP(p),
      evidence: {
        summary: `开标后撤销 ${cancelled.length} 个项目（共开标 ${projects.length} 个）`,
        facts: [
          {
            label: '开标后撤销',
            value: `${cancelled.length} / ${projects.length}；其他采购人 ${percentText(rate)}（p = ${pValueText(p)}）`,
            threshold: `至少 ${CANCEL_MIN_COUNT} 个且 p < ${pValueText(alpha)}`,
          },
        ],
        tables: [
          {
            title: '开标后撤销的项目',
            columns: ['项目', '开标时间', '中选机构', '撤销理由'],
            rows: cancelled.map((c) => [
              { project: c.id },
              at(c.openedAt),
              c.winnerAgencyId ? { agency: c.winnerAgencyId } : '—',
              c.endReason ?? '',
            ]),
          },
        ],
        projectIds: cancelled.map((c) => c.id),
      },
    })
  }
  return flags
}

/** Bids the buyer's own decisions removed, and the valid bids left standing. */
export function buyerExclusions(project: ScreenProject) {
  const valid = project.bids.filter((b) => b.valid)
  const excluded = valid.filter(
    (b) =>
      b.explanationRejected ||
      (project.method === 'scoring' &&
        b.qualityScore != null &&
        b.qualityScore < QUALITY_FAIL_SCORE),
  )
  const standing = valid.filter((b) => !excluded.includes(b))
  return { valid, excluded, standing }
}

export function buyerRejectsAllButOne(market: ScreenMarket): ScreenFlag[] {
  const cases = market.projects
    .map((project) => ({ project, ...buyerExclusions(project) }))
    .filter((c) => c.excluded.length >= REJECT_MIN_EXCLUDED && c.standing.length <= 1)
    .sort((a, b) => byOpening(a.project, b.project))
  return [...groupBy(cases, (c) => c.project.buyerId)].map(([buyerId, list]) => ({
    kind: 'buyer_rejects_all_but_one' as const,
    side: 'buyer' as const,
    organisationIds: [buyerId],
    projectId: list.at(-1)!.project.id,
    strength: clampStrength(
      55 + 10 * (list.length - 1) + 5 * (Math.max(...list.map((c) => c.excluded.length)) - 2),
    ),
    evidence: {
      summary: `${list.length} 个项目中采购人否决了除一家以外的全部有效报价`,
      facts: [
        {
          label: '否决方式',
          value: '不采纳异常低价说明，或在综合评分中给出低于及格线的质量分',
          threshold: `至少否决 ${REJECT_MIN_EXCLUDED} 份、剩余不超过 1 份；质量分及格线 ${QUALITY_FAIL_SCORE}`,
        },
      ],
      tables: [
        {
          title: '项目',
          columns: ['项目', '开标时间', '有效报价', '被否决', '保留的机构'],
          rows: list.map((c) => [
            { project: c.project.id },
            at(c.project.openedAt),
            c.valid.length,
            c.excluded.length,
            c.standing[0] ? { agency: c.standing[0].agencyId } : '—',
          ]),
        },
      ],
      projectIds: list.map((c) => c.project.id),
    },
  }))
}

export function buyerLatePayment(market: ScreenMarket): ScreenFlag[] {
  const due = market.contracts.filter((c) => c.paymentDueAt != null)
  const late = due.filter((c) => c.paymentLateAt != null)
  const byBuyer = groupBy(due, (c) => c.buyerId)
  const tested = [...byBuyer.values()].filter((cs) => cs.length >= LATE_MIN_COUNT).length
  const alpha = FAMILY_ALPHA / Math.max(1, tested)
  const flags: ScreenFlag[] = []
  for (const [buyerId, contracts] of byBuyer) {
    const mine = contracts
      .filter((c) => c.paymentLateAt != null)
      .sort((a, b) => a.paymentDueAt!.getTime() - b.paymentDueAt!.getTime())
    const share = mine.length / contracts.length
    if (mine.length < LATE_MIN_COUNT || share < LATE_MIN_SHARE) continue
    const rate = othersRate(
      late.length,
      due.length,
      mine.length,
      contracts.length,
      LATE_BASE_RATE_FLOOR,
    )
    const p = binomialTail(mine.length, contracts.length, rate)
    if (p >= alpha) continue
    flags.push({
      kind: 'buyer_late_payment',
      side: 'buyer',
      organisationIds: [buyerId],
      projectId: mine.at(-1)!.projectId,
      strength: strengthFromP(p),
      evidence: {
        summary: `${contracts.length} 份到期应付的合同中 ${mine.length} 份逾期付款`,
        facts: [
          {
            label: '逾期付款',
            value: `${mine.length} / ${contracts.length}（${percentText(share, 0)}）；其他采购人 ${percentText(rate)}（p = ${pValueText(p)}）`,
            threshold: `至少 ${LATE_MIN_COUNT} 份、占 ${percentText(LATE_MIN_SHARE, 0)} 以上，且 p < ${pValueText(alpha)}`,
          },
        ],
        tables: [
          {
            title: '逾期付款的合同',
            columns: ['项目', '服务机构', '应付时间', '认定逾期时间'],
            rows: mine.map((c) => [
              { project: c.projectId },
              { agency: c.agencyId },
              at(c.paymentDueAt!),
              at(c.paymentLateAt!),
            ]),
          },
        ],
        projectIds: [...new Set(mine.map((c) => c.projectId))],
      },
    })
  }
  return flags
}
