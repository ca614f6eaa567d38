import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import {
  getServiceItemDetail,
  listItemOfferings,
  OFFERINGS_PER_PAGE,
  type OfferingSort,
} from '#models/catalogue.ts'
import { getDatabase } from '#models/db/client.ts'
import { regionLabel } from '#models/regions.ts'
import { ItemHistory } from '../components/item-history.tsx'
import { ItemOfferings } from '../components/item-offerings.tsx'
import { PriceBox } from '../components/item-prices.tsx'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import catalogueStyles from '../styles/catalogue.css?url'
import { formatDate } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.item.name} · 中介服务事项 · 中介超市` : '服务事项不存在 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const code = params.code ?? ''
  const db = await getDatabase()
  const detail = await getServiceItemDetail(db, code, { keptFigures: true })
  if (!detail) throw new Response('服务事项不存在', { status: 404 })
  const sort: OfferingSort = url.searchParams.get('sort') === 'time' ? 'time' : 'fee'
  const pageCount = Math.max(1, Math.ceil(detail.figures.offeringCount / OFFERINGS_PER_PAGE))
  const page = Math.min(pageFrom(url), pageCount)
  // The page count comes from the figures: no second count of the item's offerings.
  const { offerings } = await listItemOfferings(db, code, { sort, page, count: false })
  return {
    item: detail.item,
    retireReason: detail.retireReason,
    figures: detail.figures,
    history: detail.history,
    offerings: offerings.map(({ regionCode, ...offering }) => ({
      ...offering,
      regionLabel: regionCode ? regionLabel(regionCode) : '河南省外',
    })),
    sort,
    page,
    pageCount,
  }
}

export default function ItemPage() {
  const { item, retireReason, figures, history, offerings, sort, page, pageCount } =
    useLoaderData<typeof loader>()
  return (
    <article>
      <p>
        <a href="/items">← 中介服务事项清单</a>
      </p>
      <h1>{item.name}</h1>
      <p className="link-row">
        <span className="mono">{item.code}</span>
        <span className="badge">{item.category}</span>
        {item.retiredAt ? (
          <span className="badge badge--bad">已停用（{formatDate(item.retiredAt)}）</span>
        ) : null}
      </p>
      {item.retiredAt ? (
        <div className="form-errors" role="note">
          <p>
            本事项已于 {formatDate(item.retiredAt)} 停用，不再列入清单，不得再作为审批要件。
            {retireReason ? `停用原因：${retireReason}` : null}
          </p>
        </div>
      ) : null}
      <dl className="details">
        <dt>主管部门</dt>
        <dd>{item.department}</dd>
        <dt>服务的审批事项</dt>
        <dd>{item.servesApproval}</dd>
        <dt>设定依据</dt>
        <dd className="multiline">{item.legalBasis}</dd>
        <dt>收费类型</dt>
        <dd>{item.feeType}</dd>
        <dt>收费标准</dt>
        <dd className="multiline">{item.feeStandard}</dd>
        <dt>办理时限</dt>
        <dd>{item.timeLimitWorkdays} 个工作日（机构承诺的时限不超过此值）</dd>
        <dt>办理条件</dt>
        <dd className="multiline">{item.conditions || '未公布'}</dd>
        <dt>服务流程</dt>
        <dd className="multiline">{item.workflow || '未公布'}</dd>
        <dt>资质要求</dt>
        <dd>{item.qualification ?? '无特定资质要求'}</dd>
        {item.aliases.length > 0 ? (
          <>
            <dt>常用简称</dt>
            <dd>{item.aliases.join('、')}</dd>
          </>
        ) : null}
      </dl>
      <p className="small-note">
        演示数据：本站的收费区间、收费标准中的金额和办理时限为演示数据，非官方标准。
      </p>
      <PriceBox figures={figures} />
      <section aria-labelledby="offerings-heading">
        <h2 id="offerings-heading">提供本服务的机构（{figures.offeringCount} 家）</h2>
        {offerings.length > 0 ? (
          <>
            <ItemOfferings rows={offerings} sort={sort} />
            <Pagination page={page} pageCount={pageCount} />
          </>
        ) : (
          <p>暂无机构提供本服务。中介机构可免费入驻并发布服务报价。</p>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">修订记录</h2>
        <ItemHistory entries={history} />
      </section>
    </article>
  )
}
