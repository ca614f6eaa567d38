import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { listPublicContracts } from '#models/contract-public.ts'
import { getDirectoryFilterOptions } from '#models/directory.ts'
import { contractStatuses, contractStatusNames } from '#models/rules/contract-states.ts'
import { formatFen, formatFenExact } from '#models/rules/money.ts'
import { regionLabel } from '#models/regions.ts'
import {
  CONTRACT_QUERY_MAX_LENGTH,
  contractFilterSearch,
  readContractFilters,
} from '#models/validation/contract-filters.ts'
import { ContractStatusBadge } from '../components/contracts/contract-nav.tsx'
import { CityFilterSelect, ItemFilterSelect } from '../components/filter-selects.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { TableWrap } from '../components/table-wrap.tsx'
import { getCtx } from '../session.server.ts'
import contractListStyles from '../styles/contracts-public.css?url'
import { formatDate } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractListStyles }]

export const meta: MetaFunction = () => [
  { title: '合同公开 · 中介超市' },
  {
    name: 'description',
    content:
      '服务合同的主要条款公开：采购人、承接机构、合同金额、服务时限、签订、到期、验收和付款日期、服务评价。',
  },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const { query, problems } = readContractFilters(url.searchParams)
  const ctx = await getCtx(request)
  const page = pageFrom(url)
  const [list, options] = await Promise.all([
    listPublicContracts(ctx.db, { ...query, page }),
    getDirectoryFilterOptions(ctx),
  ])
  toLastPageIfPast(url, page, list.pageCount)
  return { query, problems, options, search: contractFilterSearch(query), ...list }
}

const day = (value: Date | string | null) => (value ? formatDate(value) : '—')

export default function ContractsPage() {
  const { query, problems, options, search, rows, total, amountFen, page, pageCount } =
    useLoaderData<typeof loader>()
  return (
    <section>
      <h1>合同公开</h1>
      <p className="lead">
        中选结果生效后生成的服务合同，公开主要条款：采购人、承接机构、合同金额、服务时限，以及签订、到期、验收和付款日期和服务评价。只公开单位名称，不公开经办人。
      </p>
      <Form
        method="get"
        className="filters"
        key={JSON.stringify(query)}
        role="search"
        aria-label="筛选合同"
      >
        <ItemFilterSelect categories={options.categories} value={query.item} />
        <CityFilterSelect cities={options.cities} value={query.city} label="项目地区" henanOnly />
        <div className="field">
          <label htmlFor="contracts-q">采购人或机构名称</label>
          <input
            id="contracts-q"
            name="q"
            type="search"
            defaultValue={query.q}
            maxLength={CONTRACT_QUERY_MAX_LENGTH}
          />
        </div>
        <div className="field">
          <label htmlFor="contracts-status">合同状态</label>
          <select id="contracts-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">全部状态</option>
            {contractStatuses.map((status) => (
              <option key={status} value={status}>
                {contractStatusNames[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="contracts-from">生成日期自</label>
          <input id="contracts-from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="contracts-to">至</label>
          <input id="contracts-to" name="to" type="date" defaultValue={query.to} />
        </div>
        <button type="submit" className="button">
          筛选
        </button>
        <a href="/contracts">清除条件</a>
      </Form>
      {problems.length > 0 ? (
        <div className="form-errors" role="alert">
          {problems.map((p) => (
            <p key={p}>{p}（已忽略）</p>
          ))}
        </div>
      ) : null}
      <p role="status">
        共 {total} 份合同，合同金额合计 {formatFen(amountFen)}（不含拒签、逾期未签的）
        {pageCount > 1 ? `，第 ${page} / ${pageCount} 页` : ''}
      </p>
      <p>
        <a href={`/contracts.csv${search}`} download>
          导出 CSV
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="card">没有符合条件的合同。</p>
      ) : (
        <TableWrap label="服务合同">
          <table className="contracts-table">
            <caption className="visually-hidden">服务合同</caption>
            <thead>
              <tr>
                <th scope="col">合同</th>
                <th scope="col">项目</th>
                <th scope="col">采购人</th>
                <th scope="col">承接机构</th>
                <th scope="col">合同金额</th>
                <th scope="col">服务时限</th>
                <th scope="col">签订日期</th>
                <th scope="col">到期日期</th>
                <th scope="col">验收日期</th>
                <th scope="col">付清日期</th>
                <th scope="col">评价</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <span className="mono">{r.number}</span>{' '}
                    <ContractStatusBadge status={r.status} />
                    {r.endReason ? <small className="cell-note">原因：{r.endReason}</small> : null}
                  </th>
                  <td className="wrap project">
                    <a href={`/projects/${r.projectId}/result`}>{r.projectTitle}</a>
                    <small className="cell-note">
                      {r.serviceItemName} · {regionLabel(r.regionCode)}
                      {r.rank > 1 ? ` · 按排名递补（第 ${r.rank} 名）` : ''}
                    </small>
                  </td>
                  <td className="wrap">{r.buyerName}</td>
                  <td className="wrap">
                    <a href={`/agencies/${r.agencyId}`}>{r.agencyName}</a>
                  </td>
                  <td>{formatFenExact(r.amountFen)}</td>
                  <td>
                    {r.timeLimitWorkdays} 个工作日
                    {r.extendedWorkdays > 0 ? (
                      <small className="cell-note">延长 {r.extendedWorkdays} 个工作日</small>
                    ) : null}
                  </td>
                  <td>
                    {r.signedAt ? (
                      day(r.signedAt)
                    ) : r.status === 'signing' ? (
                      <small>须于 {day(r.signDueAt)} 前签订</small>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{day(r.dueDate)}</td>
                  <td>{day(r.acceptedAt)}</td>
                  <td>{day(r.paidAt)}</td>
                  <td>
                    {r.evaluationScore != null ? (
                      <a href={`/agencies/${r.agencyId}#evaluations`}>
                        {r.evaluationScore.toFixed(1)} 分
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
