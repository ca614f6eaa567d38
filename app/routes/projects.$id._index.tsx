import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { platformNow } from '#models/clock.ts'
import { countLiveBids, getProject, getProjectTimeline } from '#models/project-queries.ts'
import { formatFenExact } from '#models/rules/money.ts'
import { regionLabel } from '#models/regions.ts'
import { ProjectHeading } from '../components/projects/project-nav.tsx'
import { fundingSourceNames, selectionMethodNames } from '../components/projects/project-labels.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import projectStyles from '../styles/projects.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: projectStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.project.title} · 采购公告 · 中介超市` : '项目不存在 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const view = await getProject(ctx, params.id ?? '').catch(throwModelError)
  const { project } = view
  const now = await platformNow(ctx.db)
  const pastDeadline = project.status !== 'draft' && now >= project.deadlineAt
  const [timeline, liveBids] = await Promise.all([
    getProjectTimeline(ctx.db, project.id),
    // How many took part is public once the deadline has passed, never before.
    pastDeadline ? countLiveBids(ctx.db, project.id) : Promise.resolve(null),
  ])
  const actor = ctx.actor
  return {
    view,
    timeline,
    liveBids,
    biddingOpen: project.status === 'published' && !pastDeadline,
    isBuyer: actor?.organisationId === project.buyerId,
    isAgency: actor?.role === 'agency',
  }
}

export default function ProjectPage() {
  const { view, timeline, liveBids, biddingOpen, isBuyer, isAgency } =
    useLoaderData<typeof loader>()
  const { project } = view
  const word = project.method === 'lottery' ? '报名' : '报价'
  return (
    <article>
      <p>
        <a href="/projects">← 采购公告</a>
      </p>
      <ProjectHeading project={project} current="announcement" />
      <div className="actions">
        {isAgency && biddingOpen && project.method !== 'direct' ? (
          <a className="button button--primary" href={`/projects/${project.id}/bid`}>
            {project.method === 'lottery' ? '报名参加抽取' : '提交报价'}
          </a>
        ) : null}
        {isAgency && project.method === 'direct' ? (
          <a className="button" href={`/projects/${project.id}/bid`}>
            查看邀请
          </a>
        ) : null}
        {isBuyer ? (
          <a className="button" href={`/projects/${project.id}/manage`}>
            管理本项目
          </a>
        ) : null}
        {!isBuyer && project.status !== 'draft' ? (
          <a href={`/complaints/new?project=${project.id}`}>投诉</a>
        ) : null}
      </div>
      {project.endReason ? (
        <p className="card" role="note">
          {project.status === 'cancelled' ? '撤销原因' : '流标原因'}：{project.endReason}
        </p>
      ) : null}
      <dl className="facts">
        <dt>服务事项</dt>
        <dd>
          <a href={`/items/${project.serviceItemCode}`}>{view.serviceItemName}</a>（
          {project.serviceItemCode}）
        </dd>
        <dt>采购人</dt>
        <dd>{view.buyerName}</dd>
        <dt>项目地点</dt>
        <dd>
          {regionLabel(project.regionCode)}
          {project.location ? ` ${project.location}` : ''}
        </dd>
        <dt>最高限价</dt>
        <dd>{formatFenExact(project.budgetCapFen)}</dd>
        <dt>资金来源</dt>
        <dd>{fundingSourceNames[project.funding]}</dd>
        <dt>选取方式</dt>
        <dd>
          {selectionMethodNames[project.method]}
          {project.method === 'lowest_price'
            ? `（低于其他有效报价平均值 ${project.abnormalLowPercent}% 的报价须书面说明）`
            : ''}
          {project.method === 'scoring'
            ? `（价格 ${project.weightPrice}% · 技术 ${project.weightQuality}% · 信用 ${project.weightCredit}%，发布后不可更改）`
            : ''}
        </dd>
        {project.method === 'direct' ? (
          <>
            <dt>直接选取机构</dt>
            <dd>{view.invitedName}</dd>
          </>
        ) : null}
        <dt>发布时间</dt>
        <dd>{project.publishedAt ? formatDateTime(project.publishedAt) : '未发布（草稿）'}</dd>
        <dt>{word}截止</dt>
        <dd>{formatDateTime(project.deadlineAt)}（以平台数据库时钟为准）</dd>
        <dt>公示期</dt>
        <dd>{project.publicityWorkdays} 个工作日</dd>
        {liveBids != null ? (
          <>
            <dt>收到{word}</dt>
            <dd>{liveBids} 份</dd>
          </>
        ) : null}
        {project.drawCommitment ? (
          <>
            <dt>抽取承诺值</dt>
            <dd className="hash">{project.drawCommitment}</dd>
          </>
        ) : null}
        {view.winnerName ? (
          <>
            <dt>中选机构</dt>
            <dd>
              <a href={`/agencies/${project.winnerAgencyId}`}>{view.winnerName}</a>（
              {formatFenExact(project.awardedPriceFen ?? 0)}）
              {project.awardFinalAt
                ? ' · 已生效'
                : project.publicityEndsAt
                  ? ` · 公示至 ${formatDateTime(project.publicityEndsAt)}`
                  : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>服务内容和范围</h2>
      <p className="scope-text">{project.scope}</p>
      <h2>参与条件</h2>
      <p>
        由平台按规则判定，采购人不能增设条件：已发布本事项的服务报价且未暂停；
        {view.serviceItemQualification
          ? `持有截止日有效的「${view.serviceItemQualification}」资质；`
          : ''}
        未被暂停、未列入失信名单。不得设置地域、规模、注册资本或本地办公场所等限制。
        {project.method === 'direct'
          ? ''
          : `承诺时限不超过 ${view.serviceItemTimeLimit} 个工作日。`}
      </p>
      <h2>项目进程</h2>
      {timeline.length > 0 ? (
        <ol className="timeline">
          {timeline.map((step) => (
            <li key={step.id}>
              <time dateTime={new Date(step.occurredAt).toISOString()}>
                {formatDateTime(step.occurredAt)}
              </time>
              {step.summary}
            </li>
          ))}
        </ol>
      ) : (
        <p>暂无记录。</p>
      )}
    </article>
  )
}
