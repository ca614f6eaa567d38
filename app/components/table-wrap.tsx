import type { ReactNode } from 'react'

/**
 * A table that may be wider than the screen scrolls sideways inside this box. A named,
 * focusable region, so keyboard users can reach it and scroll with the arrow keys even when
 * the table holds no link (WCAG 2.1.1), and screen readers announce what it holds.
 */
export function TableWrap({
  label,
  labelledBy,
  className,
  children,
}: {
  /** A name for the region; or `labelledBy`, the id of the table's caption or heading. */
  label?: string
  labelledBy?: string
  className?: string
  children: ReactNode
}) {
  return (
    <div
      className={className ? `table-wrap ${className}` : 'table-wrap'}
      role="region"
      aria-label={label}
      aria-labelledby={labelledBy}
      tabIndex={0}
    >
      {children}
    </div>
  )
}
