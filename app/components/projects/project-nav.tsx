import { OPENED_STATUSES, type ProjectStatus } from '#models/rules/project-states.ts'
import { projectStatusNames, statusBadgeClass } from './project-labels.ts'

/** Links between a project's public pages; the current one is marked. */
export function ProjectNav({
  projectId,
  method,
  opened,
  awarded,
  current,
}: {
  projectId: string
  method: string
  opened: boolean
  awarded: boolean
  current: 'announcement' | 'qa' | 'opening' | 'draw' | 'result' | 'bid' | 'manage'
}) {
  const links: [typeof current, string, string][] = [
    ['announcement', '公告', `/projects/${projectId}`],
    ['qa', '答疑', `/projects/${projectId}/qa`],
  ]
  if (opened) links.push(['opening', '开标记录', `/projects/${projectId}/opening`])
  if (method === 'lottery') links.push(['draw', '随机抽取', `/projects/${projectId}/draw`])
  if (awarded) links.push(['result', '中选结果与质疑', `/projects/${projectId}/result`])
  return (
    <nav className="subnav" aria-label="项目页面">
      {links.map(([key, label, href]) => (
        <a key={key} href={href} aria-current={key === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  )
}

interface HeadedProject {
  id: string
  title: string
  status: ProjectStatus
  method: string
  openedAt: string | Date | null
  awardedAt: string | Date | null
}

/** A project page's title with its status, and the links between its pages. */
export function ProjectHeading({
  project,
  current,
}: {
  project: HeadedProject
  current: Parameters<typeof ProjectNav>[0]['current']
}) {
  return (
    <>
      <h1>
        {project.title}{' '}
        <span className={statusBadgeClass(project.status)}>
          {projectStatusNames[project.status]}
        </span>
      </h1>
      <ProjectNav
        projectId={project.id}
        method={project.method}
        opened={OPENED_STATUSES.includes(project.status) && project.openedAt != null}
        awarded={project.awardedAt != null}
        current={current}
      />
    </>
  )
}
