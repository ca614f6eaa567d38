import { formatFen } from '#models/rules/money.ts'
import type { Cell, CellKind } from '#models/stats-tables.ts'

/** A fraction (0–1) as '22.2%'. */
export const formatRate = (value: number | null) =>
  value == null ? '—' : `${(value * 100).toFixed(1)}%`

/** A table cell as people read it; '—' where there is nothing to measure. */
export function formatCell(kind: CellKind, value: Cell): string {
  if (value == null) return '—'
  if (typeof value === 'string') return value
  switch (kind) {
    case 'fen':
      return formatFen(value)
    case 'rate':
      return formatRate(value)
    case 'days':
    case 'decimal':
      return value.toFixed(1)
    case 'hhi':
      return Math.round(value).toLocaleString('zh-CN')
    default:
      return value.toLocaleString('zh-CN')
  }
}
