import { useEffect, useRef, useState } from 'react'
import type { StatsTable } from '#models/stats-tables.ts'
import { chartOption, type ChartSpec } from './chart-options.ts'

/**
 * A chart drawn after hydration from the table printed below it. Without JavaScript, or if
 * ECharts fails to load, nothing is shown and the table says it all; screen readers skip
 * the drawing for the same reason.
 */
export function StatsChart({ spec, table }: { spec: ChartSpec; table: StatsTable }) {
  const ref = useRef<HTMLDivElement>(null)
  const [mounted, setMounted] = useState(false)
  const [failed, setFailed] = useState(false)
  useEffect(() => setMounted(true), [])
  useEffect(() => {
    const element = ref.current
    if (!mounted || !element) return
    let cancelled = false
    let dispose = () => {}
    import('./echarts.client.ts')
      .then(({ echarts }) => {
        if (cancelled) return
        const chart = echarts.init(element, undefined, { renderer: 'svg' })
        chart.setOption(chartOption(spec, table))
        const resize = () => chart.resize()
        window.addEventListener('resize', resize)
        dispose = () => {
          window.removeEventListener('resize', resize)
          chart.dispose()
        }
      })
      .catch(() => {
        if (!cancelled) setFailed(true)
      })
    return () => {
      cancelled = true
      dispose()
    }
  }, [mounted, spec, table])
  if (!mounted || failed || table.rows.length === 0) return null
  return (
    <div className="stats-chart" aria-hidden="true">
      <p className="stats-chart__title">{spec.title}</p>
      <div ref={ref} className="stats-chart__canvas" data-chart={spec.id} />
    </div>
  )
}
