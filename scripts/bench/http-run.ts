/**
 * One bench:http measurement: a page warmed by plain requests, then driven by autocannon in
 * this process (a fixed number of connections for a fixed time), as a browser would ask for
 * it: HTML, gzip, no cookie (an anonymous visitor).
 */
import { loadavg } from 'node:os'
import autocannon from 'autocannon'
import type { CpuSample } from './process-cpu.ts'

export const browserHeaders = {
  accept: 'text/html,application/xhtml+xml',
  'accept-encoding': 'gzip',
  'accept-language': 'zh-CN,zh;q=0.9',
}

export interface Page {
  name: string
  path: string
}

export interface PageRun {
  page: string
  path: string
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  /** The one-minute load average when the run ended. */
  load: number
  /** CPU ms per request during the run (server with its workers, PostgreSQL), when known. */
  cpuMs: { server: number; postgres: number } | null
}

/** A few sequential requests, so that caches and plans are warm; throws on a non-2xx. */
export async function warm(baseUrl: string, page: Page, times = 20) {
  for (let i = 0; i < times; i++) {
    const res = await fetch(baseUrl + page.path, { headers: browserHeaders, redirect: 'manual' })
    await res.arrayBuffer()
    if (res.status < 200 || res.status >= 300)
      throw new Error(`${page.name}（${page.path}）返回 ${res.status}，不是 2xx`)
  }
}

export async function measure(
  baseUrl: string,
  page: Page,
  options: {
    connections: number
    duration: number
    /** Seconds of the same load first, not counted: the JIT settles on this page's code. */
    warmup: number
    sampleCpu?: () => CpuSample
  },
): Promise<PageRun> {
  const load = (duration: number) =>
    autocannon({
      url: baseUrl + page.path,
      connections: options.connections,
      duration,
      headers: browserHeaders,
      timeout: 30,
    })
  if (options.warmup > 0) await load(options.warmup)
  const before = options.sampleCpu?.()
  const result = await load(options.duration)
  const after = options.sampleCpu?.()
  const perRequest = (ms: number) =>
    Math.round((ms / Math.max(result.requests.total, 1)) * 100) / 100
  return {
    page: page.name,
    path: page.path,
    rps: Math.round((result.requests.total / result.duration) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    load: Math.round(loadavg()[0]! * 100) / 100,
    cpuMs:
      before && after
        ? {
            server: perRequest(after.serverMs - before.serverMs),
            postgres: perRequest(after.postgresMs - before.postgresMs),
          }
        : null,
  }
}
