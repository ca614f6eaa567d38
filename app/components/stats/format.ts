import { formatWanColumn } from '#models/rules/money.ts'
import type { Cell, CellKind } from '#models/stats-tables.ts'

/** A fraction (0–1) as '22.2%'. */
export const formatRate = (value: number | null) =>
  value == null ? '—' : `${(value * 100).toFixed(1)}%`

/** A table cell as people read it (money in 万元, the unit its column head gives); '—' where there is nothing to measure. */
export function formatCell(kind: CellKind, value: Cell): string {
  if (value == null) return '—'
  if (typeof value === 'string') return value
  switch (kind) {
    case 'fen':
      return formatWanColumn(value)
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

/** A column head; money columns say their unit, as the cells carry none. */
export const columnLabel = (column: { label: string; kind: CellKind }) =>
  column.kind === 'fen' ? `${column.label}（万元）` : column.label
