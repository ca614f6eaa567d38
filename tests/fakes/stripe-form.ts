/**
 * Reads a body as the stripe SDK encodes it (application/x-www-form-urlencoded with bracket
 * keys: `line_items[0][price_data][unit_amount]=40000`) into nested objects and arrays.
 * Values stay strings, as Stripe receives them.
 */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '')
    let node: Record<string, unknown> = root
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value
      else node = (node[part] ??= {}) as Record<string, unknown>
    })
  }
  return arraysOf(root) as Record<string, unknown>
}

/** Objects keyed 0..n-1 become arrays, all the way down. */
function arraysOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value).map(([k, v]) => [k, arraysOf(v)] as const)
  const indexed = entries.length > 0 && entries.every(([k], i) => k === String(i))
  return indexed ? entries.map(([, v]) => v) : Object.fromEntries(entries)
}
