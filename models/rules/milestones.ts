/** Payment milestones (付款节点): shares of a contract's amount that add up exactly. */

export interface MilestoneShare {
  name: string
  /** Percent of the amount, up to two decimals (e.g. 30 or 33.33). */
  percent: number
}

export interface MilestoneAmount {
  seq: number
  name: string
  shareBasisPoints: number
  amountFen: number
}

export type MilestoneCheck =
  { ok: true; milestones: MilestoneAmount[] } | { ok: false; reason: string }

export const MAX_MILESTONES = 10

/**
 * Splits `amountFen` by the shares. Shares must total exactly 100 %; the fen left over by
 * rounding go to the largest remainders, so the parts always add up to the amount.
 */
export function splitIntoMilestones(
  amountFen: number,
  shares: readonly MilestoneShare[],
): MilestoneCheck {
  if (shares.length === 0) return { ok: true, milestones: [] }
  if (shares.length > MAX_MILESTONES)
    return { ok: false, reason: `付款节点最多 ${MAX_MILESTONES} 个` }
  const points = shares.map((s) => Math.round(s.percent * 100))
  if (points.some((p, i) => p <= 0 || Math.abs(p - shares[i]!.percent * 100) > 1e-6))
    return { ok: false, reason: '每个节点的比例须为大于 0 的数，最多两位小数' }
  if (shares.some((s) => s.name.trim() === '')) return { ok: false, reason: '请填写每个节点的名称' }
  const total = points.reduce((a, b) => a + b, 0)
  if (total !== 10_000)
    return { ok: false, reason: `各节点比例合计须为 100%，现为 ${total / 100}%` }
  const exact = points.map((p) => (amountFen * p) / 10_000)
  const amounts = exact.map(Math.floor)
  let left = amountFen - amounts.reduce((a, b) => a + b, 0)
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (const { i } of order) {
    if (left === 0) break
    amounts[i]!++
    left--
  }
  if (amounts.some((a) => a <= 0)) return { ok: false, reason: '合同金额太小，无法按此比例分期' }
  return {
    ok: true,
    milestones: shares.map((s, i) => ({
      seq: i + 1,
      name: s.name.trim(),
      shareBasisPoints: points[i]!,
      amountFen: amounts[i]!,
    })),
  }
}
