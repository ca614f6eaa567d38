import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { auditActionNames } from '#models/audit-actions.ts'
import { listAuditEvents } from '#models/audit.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '监管工作台 · 中介超市' }]

const PAGE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const before = Number(new URL(request.url).searchParams.get('before')) || undefined
  const events = await listAuditEvents(ctx, { beforeSeq: before, limit: PAGE }).catch(
    throwModelError,
  )
  return {
    events: events.map((e) => ({
      seq: e.seq,
      occurredAt: e.occurredAt,
      action: e.action,
      subject: `${e.subjectType}${e.subjectId ? ` ${e.subjectId.slice(0, 8)}` : ''}`,
      actor: e.actorUserId?.slice(0, 8) ?? '—',
      hash: e.hash.slice(0, 12),
    })),
    nextBefore: events.length === PAGE ? events[events.length - 1]!.seq : null,
  }
}

export default function SupervisorConsole() {
  const { events, nextBefore } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>监管工作台</h1>
      <h2>审计日志</h2>
      <p className="field__hint">
        审计日志只增不改，每条记录包含前一条的哈希；运行 <code>npm run audit:verify</code>{' '}
        可校验整条哈希链。
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">最近的审计事件</caption>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">事件</th>
              <th scope="col">对象</th>
              <th scope="col">操作人</th>
              <th scope="col">哈希</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.occurredAt)}</td>
                <td>{auditActionNames[e.action] ?? e.action}</td>
                <td className="mono">{e.subject}</td>
                <td className="mono">{e.actor}</td>
                <td className="mono">{e.hash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextBefore ? (
        <p>
          <a href={`?before=${nextBefore}`}>更早的记录</a>
        </p>
      ) : null}
    </section>
  )
}
