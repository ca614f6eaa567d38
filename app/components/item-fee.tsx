import type { FeeKind } from '#models/db/schema.ts'
import { formatFen } from '#models/rules/money.ts'

/** '¥500.00' when both ends agree, else '¥500.00–¥2,500.00'. */
export function feeRangeText(minFen: number, maxFen: number) {
  return minFen === maxFen ? formatFen(minFen) : `${formatFen(minFen)}–${formatFen(maxFen)}`
}

/** An offering's fee as its agency set it: one amount, a range, or a rule with its range. */
export function offeringFeeText(offering: {
  feeKind: FeeKind
  feeMinFen: number
  feeMaxFen: number
  feeRule: string
}) {
  const range = feeRangeText(offering.feeMinFen, offering.feeMaxFen)
  if (offering.feeKind === 'fixed') return formatFen(offering.feeMinFen)
  if (offering.feeKind === 'rule') return `${offering.feeRule}（${range}）`
  return range
}

/** The span of the offerings' fees, or a plain note when nobody offers the item yet. */
export function FeeSpan({
  offeringCount,
  feeMinFen,
  feeMaxFen,
}: {
  offeringCount: number
  feeMinFen: number | null
  feeMaxFen: number | null
}) {
  if (offeringCount === 0 || feeMinFen == null || feeMaxFen == null)
    return <span className="field__hint">暂无机构报价</span>
  return <span>{feeRangeText(feeMinFen, feeMaxFen)}</span>
}
