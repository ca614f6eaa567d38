import { Form } from '@remix-run/react'
import { type ContractStatus, contractStatusNames } from '#models/rules/contract-states.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { formatDateTime } from '../../utils/format.ts'
import { CsrfInput } from '../csrf-input.tsx'

interface PanelData {
  contracts: {
    id: string
    number: string
    rank: number
    status: ContractStatus
    amountFen: number
    agencyName: string
    endReason: string | null
    signDueAt: string | Date
  }[]
  awaitingChoice: boolean
  next: { agencyName: string; priceFen: number; rank: number } | null
}

/** On the buyer's project page: its contracts, and after a refusal the choice of what next. */
export function ProjectContractsPanel({ panel, error }: { panel: PanelData; error?: string[] }) {
  if (panel.contracts.length === 0) return null
  return (
    <section className="card stack" aria-labelledby="contracts-title">
      <h2 id="contracts-title">服务合同</h2>
      <ul>
        {panel.contracts.map((c) => (
          <li key={c.id}>
            <a href={`/contracts/${c.id}`}>{c.number}</a> · 第 {c.rank} 名 {c.agencyName} ·{' '}
            {formatFenExact(c.amountFen)} · {contractStatusNames[c.status]}
            {c.status === 'signing' ? `（${formatDateTime(c.signDueAt)} 前签订）` : ''}
            {c.endReason ? `——${c.endReason}` : ''}
          </li>
        ))}
      </ul>
      {panel.awaitingChoice ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <p>中选机构未签订合同。您可以按公示的排名递补下一家机构，或重新组织选取。</p>
          {error?.length ? (
            <p className="field__error" role="alert">
              {error.join('；')}
            </p>
          ) : null}
          {panel.next ? (
            <button
              type="submit"
              name="intent"
              value="next-ranked"
              className="button button--primary"
            >
              递补第 {panel.next.rank} 名：{panel.next.agencyName}（
              {formatFenExact(panel.next.priceFen)}）
            </button>
          ) : (
            <p>排名中已没有可以递补的机构。</p>
          )}
          <button type="submit" name="intent" value="rerun" className="button">
            重新组织选取（本项目流标，可一键重新发布）
          </button>
        </Form>
      ) : null}
    </section>
  )
}
