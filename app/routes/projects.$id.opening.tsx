import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { bidCountIfPastDeadline, checkReceipt, disclosedBids } from '#models/project-disclosure.ts'
import { getProject } from '#models/project-queries.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { OpenedBidsTable } from '../components/projects/opened-bids-table.tsx'
import {
  projectStatusNames,
  selectionMethodNames,
  statusBadgeClass,
} from '../components/projects/project-labels.ts'
import { ReceiptCheckForm } from '../components/projects/receipt-check.tsx'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import styles from '../styles/project-records.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `开标记录 · ${data.project.title} · 中介超市` : '开标记录 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const view = await getProject(ctx, params.id ?? '').catch(throwModelError)
  const p = view.project
  const [bids, bidCount] = await Promise.all([
    disclosedBids(ctx.db, p),
    bidCountIfPastDeadline(ctx.db, p),
  ])
  const search = new URL(request.url).searchParams
  const query = {
    ref: search.get('ref') ?? '',
    salt: search.get('salt') ?? '',
    price: search.get('price') ?? '',
  }
  const asked = query.ref !== '' || query.salt !== '' || query.price !== ''
  const outcome = bids && asked ? checkReceipt(p.id, bids, query) : null
  // Only what the page shows: the opened bid's public fields, never more.
  const check =
    outcome?.kind === 'checked'
      ? {
          ...outcome,
          bid: {
            id: outcome.bid.id,
            agencyName: outcome.bid.agencyName,
            commitment: outcome.bid.commitment,
            revision: outcome.bid.revision,
            priceFen: outcome.bid.priceFen,
          },
        }
      : outcome
  return {
    project: {
      id: p.id,
      title: p.title,
      status: p.status,
      method: p.method,
      budgetCapFen: p.budgetCapFen,
      deadlineAt: p.deadlineAt,
      openedAt: p.openedAt,
      endReason: p.endReason,
    },
    buyerName: view.buyerName,
    bids,
    bidCount,
    query,
    check,
  }
}

function Sealed({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const { project, bidCount } = data
  const noun = project.method === 'lottery' ? '报名' : '报价'
  if (project.method === 'direct')
    return <p className="notice">本项目为直接选取，由采购人邀请一家机构承接，没有开标环节。</p>
  return (
    <div className="sealed" role="status">
      <p>
        <strong>开标前报价密封，任何人都无法查看。</strong>
      </p>
      <p>
        {noun}截止时间：<strong>{formatDateTime(project.deadlineAt)}</strong>
      </p>
      {project.status === 'cancelled' ? (
        <p>项目已撤销，不再开标{project.endReason ? `（原因：${project.endReason}）` : ''}。</p>
      ) : bidCount != null ? (
        <p>
          已截止，共收到 {bidCount} 份{noun}，系统正在开标，请稍后刷新。
        </p>
      ) : (
        <p>
          截止后系统自动开标，公开每一份{noun}
          的机构、报价、承诺值和随机数（salt），每家机构都可以用回执核对。报价在此之前以加密形式保存，采购人、监管人员和平台都无法查看。
        </p>
      )}
    </div>
  )
}

export default function ProjectOpening() {
  const data = useLoaderData<typeof loader>()
  const { project, bids } = data
  const noun = project.method === 'lottery' ? '报名' : '报价'
  return (
    <article>
      <p>
        <a href={`/projects/${project.id}`}>← 项目公告</a>
      </p>
      <h1>开标记录</h1>
      <p className="lead">
        {project.title}{' '}
        <span className={statusBadgeClass(project.status)}>
          {projectStatusNames[project.status]}
        </span>
      </p>
      <dl className="details">
        <dt>采购人</dt>
        <dd>{data.buyerName}</dd>
        <dt>选取方式</dt>
        <dd>{selectionMethodNames[project.method]}</dd>
        <dt>最高限价</dt>
        <dd>{formatFenExact(project.budgetCapFen)}</dd>
        <dt>{noun}截止</dt>
        <dd>{formatDateTime(project.deadlineAt)}</dd>
        <dt>开标时间</dt>
        <dd>{project.openedAt ? formatDateTime(project.openedAt) : '未开标'}</dd>
      </dl>

      {bids ? (
        <>
          <h2>
            全部{noun}（{bids.length} 份，有效 {bids.filter((b) => b.valid).length} 份）
          </h2>
          {bids.length === 0 ? (
            <p>截止时没有收到{noun}。</p>
          ) : (
            <OpenedBidsTable bids={bids} noun={noun} />
          )}
          {project.method === 'lottery' ? (
            <p>
              抽取的全部输入和结果见 <a href={`/projects/${project.id}/draw`}>随机抽取记录</a>。
            </p>
          ) : null}
          <ReceiptCheckForm
            action={`/projects/${project.id}/opening`}
            query={data.query}
            check={data.check}
          />
        </>
      ) : (
        <Sealed data={data} />
      )}
    </article>
  )
}
