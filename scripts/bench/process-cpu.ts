/**
 * CPU time read from /proc (Linux): a process with its descendants (the server, or the primary
 * and its workers), and every PostgreSQL process on this machine. On a shared machine whose
 * speed drifts, CPU per request moves far less than requests per second.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

interface ProcStat {
  pid: number
  ppid: number
  command: string
  /** utime + stime + cutime + cstime, in ms. */
  cpuMs: number
}

let ticksPerSecond: number | null = null
const clockTicks = () =>
  (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100)

function readStats(): ProcStat[] {
  const stats: ProcStat[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let line: string
    try {
      line = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // gone since the listing
    }
    // The command sits in parentheses and may itself hold spaces or parentheses.
    const close = line.lastIndexOf(')')
    const fields = line.slice(close + 2).split(' ')
    stats.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      command: line.slice(line.indexOf('(') + 1, close),
      // Its own time and that of children it has reaped: a PostgreSQL backend that exits
      // (an idle pool connection closed) leaves its time with the postmaster.
      cpuMs:
        ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) *
          1000) /
        clockTicks(),
    })
  }
  return stats
}

export interface CpuSample {
  serverMs: number
  postgresMs: number
}

/** Whether /proc can be read here (Linux); elsewhere the bench reports no CPU figures. */
export const canReadProc = () => {
  try {
    readFileSync('/proc/self/stat')
    return true
  } catch {
    return false
  }
}

export function sampleCpu(serverPid: number): CpuSample {
  const stats = readStats()
  const children = new Map<number, ProcStat[]>()
  for (const stat of stats) {
    const siblings = children.get(stat.ppid)
    if (siblings) siblings.push(stat)
    else children.set(stat.ppid, [stat])
  }
  let serverMs = 0
  const pending = stats.filter((s) => s.pid === serverPid)
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    serverMs += stat.cpuMs
    pending.push(...(children.get(stat.pid) ?? []))
  }
  const postgresMs = stats
    .filter((s) => s.command === 'postgres' || s.command === 'postmaster')
    .reduce((sum, s) => sum + s.cpuMs, 0)
  return { serverMs, postgresMs }
}
