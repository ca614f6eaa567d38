import { contractStatusNames, type ContractStatus } from '#models/rules/contract-states.ts'

export type ContractPage = 'contract' | 'payment' | 'evaluation'

/** Links between a contract's pages, with the printable copy and the PDF. */
export function ContractNav({
  contractId,
  current,
}: {
  contractId: string
  current: ContractPage
}) {
  const links: [ContractPage, string, string][] = [
    ['contract', '合同与履约', `/contracts/${contractId}`],
    ['payment', '付款', `/contracts/${contractId}/payment`],
    ['evaluation', '服务评价', `/contracts/${contractId}/evaluation`],
  ]
  return (
    <nav className="subnav" aria-label="合同页面">
      {links.map(([key, label, href]) => (
        <a key={key} href={href} aria-current={key === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
      <a href={`/contracts/${contractId}/print`}>打印版</a>
      <a href={`/contracts/${contractId}/pdf`} download>
        下载 PDF
      </a>
    </nav>
  )
}

const badgeClass: Record<ContractStatus, string> = {
  signing: 'badge badge--warn',
  in_service: 'badge',
  delivered: 'badge badge--warn',
  accepted: 'badge badge--ok',
  refused: 'badge badge--bad',
  lapsed: 'badge badge--bad',
  cancelled: 'badge badge--bad',
}

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  return <span className={badgeClass[status]}>{contractStatusNames[status]}</span>
}

/** Child pages read the contract's heading with useRouteLoaderData(CONTRACT_LAYOUT_ROUTE). */
export const CONTRACT_LAYOUT_ROUTE = 'routes/contracts.$id'
