import type { PriceFigures } from '#models/catalogue.ts'
import { formatFen } from '#models/rules/money.ts'

const amount = (fen: number | null) => (fen == null ? '—' : formatFen(fen))

/** Price transparency: how many agencies offer the item and what they charge. */
export function PriceBox({ figures }: { figures: PriceFigures }) {
  return (
    <section aria-labelledby="prices-heading">
      <h2 id="prices-heading">价格公开</h2>
      <ul className="figures price-figures">
        <li>
          <strong>{figures.offeringCount}</strong>提供服务的机构（家）
        </li>
        <li>
          <strong>{amount(figures.feeMinFen)}</strong>最低收费
        </li>
        <li>
          <strong>{amount(figures.feeMedianFen)}</strong>收费中位数
        </li>
        <li>
          <strong>{amount(figures.feeMaxFen)}</strong>最高收费
        </li>
      </ul>
      <p className="small-note">
        统计口径：只计未暂停的报价、且机构未被暂停。最低收费为各报价收费下限中的最低值，最高收费为各报价收费上限中的最高值，收费中位数为各报价（下限
        + 上限）÷ 2 的中位数。本站收费数字为演示数据，非官方标准。
      </p>
    </section>
  )
}
