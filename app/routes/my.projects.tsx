import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { listMyProjects } from '#models/project-queries.ts'
import { Pagination, pageFrom } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { ProjectCard } from '../components/projects/project-card.tsx'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '我的项目 · 中介超市' }]

const PAGE_SIZE = 20

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const page = pageFrom(url)
  const list = await listMyProjects(ctx, { page, pageSize: PAGE_SIZE }).catch(throwModelError)
  const pageCount = Math.ceil(list.total / PAGE_SIZE)
  toLastPageIfPast(url, page, pageCount)
  return { ...list, pageCount }
}

export default function MyProjectsPage() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>我的项目</h1>
      <p>
        <a className="button button--primary" href="/projects/new">
          发布采购公告
        </a>
      </p>
      <p role="status">共 {total} 个项目（含草稿）</p>
      {rows.length > 0 ? (
        <ul className="card-list">
          {rows.map((row) => (
            <ProjectCard key={row.id} row={row} href={`/projects/${row.id}/manage`} />
          ))}
        </ul>
      ) : (
        <p className="card">还没有项目。</p>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}
