import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { listBlacklist } from '#models/blacklist-queries.ts'
import { EXIT_RULE } from '#models/rules/credit-rules.ts'
import { blacklistTabs, readBlacklistQuery } from '#models/validation/blacklist.ts'
import { BlacklistEntriesTable, MarketExitsTable } from '../components/credit/blacklist-table.tsx'
import { Pagination } from '../components/pagination.tsx'
import { getCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [
  { title: '失信名单 · 中介超市' },
  {
    name: 'description',
    content: '中介超市失信名单公示：列入失信名单和清退出市场的中介机构、依据、理由和期限。',
  },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const list = await listBlacklist(ctx.db, readBlacklistQuery(new URL(request.url).searchParams))
  return { ...list, pageCount: Math.max(1, Math.ceil(list.total / list.pageSize)) }
}

const tabHints = {
  current: '名单期内，机构不能报价、报名或被抽取，已提交的报价被搁置，也不在搜索结果中出现。',
  ended: '已期满或经监管部门提前移出的记录，继续公开。',
  exits: `${EXIT_RULE.withinMonths} 个月内第 ${EXIT_RULE.count} 次列入失信名单的机构被清退出市场，${EXIT_RULE.months} 个月内不得以同一统一社会信用代码重新注册。`,
}

export default function Blacklist() {
  const { tab, q, counts, total, page, pageCount, entries, exits, now } =
    useLoaderData<typeof loader>()
  const { search } = useLocation()
  const link = (key: string) => {
    const params = new URLSearchParams()
    if (key !== 'current') params.set('tab', key)
    if (q) params.set('q', q)
    const query = params.toString()
    return query ? `?${query}` : '/blacklist'
  }
  return (
    <section>
      <h1>失信名单</h1>
      <p className="lead">
        依据<a href="/credit/rules">信用评价规则</a>或监管部门决定列入失信名单的中介机构，截至{' '}
        {formatDateTime(now)}（北京时间）。
      </p>
      <form method="get" className="filters" role="search">
        {tab !== 'current' ? <input type="hidden" name="tab" value={tab} /> : null}
        <div className="field">
          <label htmlFor="blacklist-q">机构名称</label>
          <input id="blacklist-q" name="q" type="search" defaultValue={q} maxLength={50} />
        </div>
        <button type="submit" className="button">
          查询
        </button>
      </form>
      <nav aria-label="名单分类">
        <ul className="tabs">
          {(Object.keys(blacklistTabs) as (keyof typeof blacklistTabs)[]).map((key) => (
            <li key={key}>
              <a href={link(key)} aria-current={key === tab ? 'page' : undefined}>
                {blacklistTabs[key]}（{counts[key]}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p className="field__hint">{tabHints[tab]}</p>
      <p role="status">
        共 {total} 条{pageCount > 1 ? `，第 ${page} / ${pageCount} 页` : ''}
      </p>
      <p>
        <a href={`/blacklist.csv${search}`} download>
          导出 CSV
        </a>
      </p>
      {total === 0 ? (
        <p className="card">{q ? '没有名称匹配的机构。' : '暂无记录。'}</p>
      ) : tab === 'exits' ? (
        <MarketExitsTable exits={exits} />
      ) : (
        <BlacklistEntriesTable entries={entries} ended={tab === 'ended'} />
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
