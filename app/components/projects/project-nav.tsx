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
