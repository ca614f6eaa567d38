import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDrawView } from '#models/project-draw-view.ts'
import { getProject } from '#models/project-queries.ts'
import { DrawAlgorithm, DrawOutcome } from '../components/projects/draw-record.tsx'
import { projectStatusNames, statusBadgeClass } from '../components/projects/project-labels.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import styles from '../styles/project-records.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `随机抽取记录 · ${data.project.title} · 中介超市` : '随机抽取记录 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const view = await getProject(ctx, params.id ?? '').catch(throwModelError)
  const p = view.project
  if (p.method !== 'lottery') throw new Response('本项目不采用随机抽取方式', { status: 404 })
  return {
    project: {
      id: p.id,
      title: p.title,
      status: p.status,
      deadlineAt: p.deadlineAt,
      awardedAt: p.awardedAt,
      endReason: p.endReason,
    },
    draw: await getDrawView(ctx.db, p),
  }
}

function NotDrawnYet({ project }: { project: ReturnType<typeof useData>['project'] }) {
  if (project.status === 'cancelled')
    return <p className="notice">项目已撤销，没有进行抽取，秘密值不再公开。</p>
  if (project.status === 'failed')
    return (
      <p className="notice">
        项目流标{project.endReason ? `（${project.endReason}）` : ''}，没有进行抽取。
      </p>
    )
  return (
    <p className="notice">
      报名截止（{formatDateTime(project.deadlineAt)}
      ）后系统自动开标并抽取，届时在此公开秘密值、全部有效报名、种子和抽取顺序。
    </p>
  )
}

const useData = () => useLoaderData<typeof loader>()

export default function ProjectDraw() {
  const { project, draw } = useData()
  return (
    <article>
      <p>
        <a href={`/projects/${project.id}`}>← 项目公告</a>
      </p>
      <h1>随机抽取记录</h1>
      <p className="lead">
        {project.title}{' '}
        <span className={statusBadgeClass(project.status)}>
          {projectStatusNames[project.status]}
        </span>
      </p>

      <h2>承诺值</h2>
      <dl className="details draw-values">
        <dt>承诺值 SHA-256(秘密值)</dt>
        <dd className="mono hex">{draw.commitment ?? '—'}</dd>
        <dt>公布时间</dt>
        <dd>{draw.committedAt ? `${formatDateTime(draw.committedAt)}（随项目公告发布）` : '—'}</dd>
      </dl>

      {draw.revealed ? (
        <DrawOutcome projectId={project.id} drawnAt={project.awardedAt} revealed={draw.revealed} />
      ) : (
        <NotDrawnYet project={project} />
      )}

      <DrawAlgorithm projectId={project.id} />
    </article>
  )
}
