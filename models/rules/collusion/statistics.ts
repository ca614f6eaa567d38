/** Small statistics for the screens: spread, binomial tails, p-value combination, groups. */

/**
 * Family-wise error allowed per screen and run. Each screen that tests many pairs or
 * agencies divides it among its tests (Bonferroni): on a market with no collusion at all,
 * a screen flags anyone by chance in at most about 1 run out of 20. With six agency screens
 * and two or three agencies a flag, that is well under the 2 % of agencies we allow.
 */
export const FAMILY_ALPHA = 0.05

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0
  const m = mean(values)
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1))
}

export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values)
  return m > 0 ? standardDeviation(values) / m : 0
}

const logFactorials = [0]
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++)
    logFactorials[i] = logFactorials[i - 1]! + Math.log(i)
  return logFactorials[n]!
}

function binomialTerm(i: number, n: number, p: number): number {
  if (p <= 0) return i === 0 ? 1 : 0
  if (p >= 1) return i === n ? 1 : 0
  return Math.exp(
    logFactorial(n) -
      logFactorial(i) -
      logFactorial(n - i) +
      i * Math.log(p) +
      (n - i) * Math.log1p(-p),
  )
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  let sum = 0
  for (let i = k; i <= n; i++) sum += binomialTerm(i, n, p)
  return Math.min(1, sum)
}

/** P(X ≤ r) for X ~ Binomial(n, p). */
export function binomialCdf(r: number, n: number, p: number): number {
  if (r < 0) return 0
  if (r >= n) return 1
  let sum = 0
  for (let i = 0; i <= r; i++) sum += binomialTerm(i, n, p)
  return Math.min(1, sum)
}

/** The distribution of the number of successes of independent trials with chances `ps`. */
function poissonBinomial(ps: readonly number[]): number[] {
  let dist = [1]
  for (const p of ps) {
    const next = new Array<number>(dist.length + 1).fill(0)
    dist.forEach((q, i) => {
      next[i]! += q * (1 - p)
      next[i + 1]! += q * p
    })
    dist = next
  }
  return dist
}

/** P(X ≥ k), summed from the tail so that tiny chances keep their precision. */
export function poissonBinomialTail(k: number, ps: readonly number[]): number {
  if (k <= 0) return 1
  return Math.min(
    1,
    poissonBinomial(ps)
      .slice(k)
      .reduce((a, b) => a + b, 0),
  )
}

/** A p-value as a 1–100 strength: 10 per order of magnitude (p = 10⁻⁶ → 60). */
export function strengthFromP(p: number): number {
  return clampStrength(10 * -Math.log10(Math.max(p, 1e-300)))
}

export function clampStrength(value: number): number {
  return Math.max(1, Math.min(100, Math.round(value)))
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`)

export const splitPair = (key: string) => key.split('|') as [string, string]

/** Connected groups of the graph whose edges are `pairs` (keys from pairKey), members sorted. */
export function connectedGroups(pairs: Iterable<string>): string[][] {
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let root = x
    while (parent.get(root) !== root) root = parent.get(root)!
    parent.set(x, root)
    return root
  }
  for (const key of pairs) {
    const [a, b] = splitPair(key)
    if (!parent.has(a)) parent.set(a, a)
    if (!parent.has(b)) parent.set(b, b)
    parent.set(find(a), find(b))
  }
  const groups = new Map<string, string[]>()
  for (const id of parent.keys()) {
    const root = find(id)
    groups.set(root, [...(groups.get(root) ?? []), id])
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
}

export function percentText(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`
}

export function pValueText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toPrecision(2)
}
