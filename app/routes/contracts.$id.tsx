import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { getContractHeader } from '#models/contract-header.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { ContractStatusBadge } from '../components/contracts/contract-nav.tsx'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import contractStyles from '../styles/contracts.css?url'
import projectStyles from '../styles/projects.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: projectStyles },
  { rel: 'stylesheet', href: contractStyles },
]

/** The contract's heading for every page under /contracts/:id; child pages read it by route id. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  return getContractHeader(ctx, params.id ?? '').catch(throwModelError)
}

export default function ContractLayout() {
  const { contract, buyerName, agencyName, itemName } = useLoaderData<typeof loader>()
  return (
    <article className="contract-page">
      <p>
        <a href={`/projects/${contract.projectId}`}>← 采购公告</a>
      </p>
      <h1>
        服务合同 {contract.number} <ContractStatusBadge status={contract.status} />
      </h1>
      <p className="contract-parties">
        {itemName} · {contract.title}
        <br />
        采购人 <strong>{buyerName}</strong> · 承接机构 <strong>{agencyName}</strong> · 合同金额{' '}
        <strong>{formatFenExact(contract.amountFen)}</strong>
      </p>
      <Outlet />
    </article>
  )
}
