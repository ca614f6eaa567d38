import type { Database } from '#models/db/client.ts'
import { NotFoundError } from '#models/errors.ts'
import { getPublicProject, listPublicProjects } from '#models/project-public.ts'
import { readProjectFilters } from '#models/validation/project-filters.ts'

/**
 * GET /api/v1/projects and /api/v1/projects/:id (docs/api.md). The loaders pass the
 * database in, so tests call these with their own.
 */

// Public data without cookies: any site may read it; caches may keep it for half a minute.
const headers = {
  'Cache-Control': 'public, max-age=30',
  'Access-Control-Allow-Origin': '*',
}

const MAX_PAGE = 500

const problem = (status: number, error: string) => Response.json({ error }, { status, headers })

/** Reads the page (1–500) of a public list; anything else is a problem to report. */
export function readApiPage(params: URLSearchParams): number | string {
  const text = params.get('page')
  if (text == null || text === '') return 1
  const page = Number(text)
  if (!/^\d+$/.test(text) || page < 1 || page > MAX_PAGE)
    return `page 取值无效：${text}（应为 1–${MAX_PAGE} 的整数）`
  return page
}

export async function answerProjectList(db: Database, request: Request) {
  const params = new URL(request.url).searchParams
  const { query, problems } = readProjectFilters(params)
  const page = readApiPage(params)
  if (typeof page === 'string') problems.push(page)
  if (problems.length > 0 || typeof page === 'string')
    return problem(400, `查询参数有误：${problems.join('；')}`)
  const list = await listPublicProjects(db, { ...query, page })
  const origin = new URL(request.url).origin
  return Response.json(
    { ...list, results: list.results.map((row) => ({ ...row, url: origin + row.url })) },
    { headers },
  )
}

export async function answerProject(db: Database, request: Request, id: string) {
  try {
    const project = await getPublicProject(db, id)
    return Response.json(
      { ...project, url: new URL(request.url).origin + project.url },
      { headers },
    )
  } catch (error) {
    if (error instanceof NotFoundError) return problem(404, '项目不存在')
    throw error
  }
}
