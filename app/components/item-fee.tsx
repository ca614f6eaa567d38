import { formatFenRange } from '#models/rules/money.ts'

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
  return <span>{formatFenRange(feeMinFen, feeMaxFen)}</span>
}
