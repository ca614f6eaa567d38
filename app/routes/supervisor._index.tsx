import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import {
  auditActionGroups,
  auditActionNames,
  auditSubjectTypeNames,
} from '#models/audit-actions.ts'
import { describeChainReport } from '#models/audit-report.ts'
import { listAuditEvents, verifyAuditChain } from '#models/audit.ts'
import { requireRole } from '#models/context.ts'
import { isUuid } from '#models/validation/registry.ts'
import { getSupervisorQueues } from '#models/supervisor-queues.ts'
import { SUPERVISOR_WORKDAYS } from '#models/rules/supervision.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { TableWrap } from '../components/table-wrap.tsx'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '监管工作台 · 中介超市' }]

const PAGE = 50
const filterNames = ['action', 'subjectType', 'subjectId', 'from', 'to'] as const

/** 'YYYY-MM-DD' as the start of that Beijing day; anything else is no filter. */
const beijingDay = (value: string | null, plusDays = 0) => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const day = new Date(`${value}T00:00:00+08:00`)
  return Number.isNaN(day.getTime()) ? undefined : new Date(day.getTime() + plusDays * 86_400_000)
}

/** A uuid by its first 8 characters (enough to filter by); a date or short code whole. */
function shownId(id: string) {
  const isId: boolean = isUuid(id) // a boolean, so `id` stays a string below
  return isId ? id.slice(0, 8) : id.length <= 24 ? id : `${id.slice(0, 12)}…`
}

function actorLabel(e: {
  actorUserId: string | null
  actorName: string | null
  actorRole: string | null
  actorOrganisationName: string | null
}) {
  if (!e.actorUserId) return '系统或未登录者'
  if (!e.actorName) return e.actorUserId.slice(0, 8)
  if (e.actorRole === 'supervisor') return `${e.actorName}（监管人员）`
  return e.actorOrganisationName ? `${e.actorName}（${e.actorOrganisationName}）` : e.actorName
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const params = new URL(request.url).searchParams
  const filters = Object.fromEntries(filterNames.map((k) => [k, params.get(k)?.trim() ?? '']))
  const [queues, events] = await Promise.all([
    getSupervisorQueues(ctx),
    listAuditEvents(ctx, {
      beforeSeq: Number(params.get('before')) || undefined,
      limit: PAGE,
      action: filters.action || undefined,
      subjectType: filters.subjectType || undefined,
      subjectId: filters.subjectId || undefined,
      from: beijingDay(filters.from ?? null),
      to: beijingDay(filters.to ?? null, 1),
    }),
  ]).catch(throwModelError)
  const more = new URLSearchParams(Object.entries(filters).filter(([, v]) => v))
  if (events.length === PAGE) more.set('before', String(events[events.length - 1]!.seq))
  return {
    queues,
    filters,
    events: events.map((e) => ({
      seq: e.seq,
      occurredAt: e.occurredAt,
      action: e.action,
      subjectType: auditSubjectTypeNames[e.subjectType] ?? e.subjectType,
      subjectId: e.subjectId,
      shownSubjectId: e.subjectId ? shownId(e.subjectId) : '',
      actor: actorLabel(e),
      hash: e.hash.slice(0, 12),
    })),
    moreHref: events.length === PAGE ? `?${more}` : null,
    actions: Object.entries(auditActionNames),
  }
}

/** 校验哈希链: walks the whole log now and says whether it is whole. */
export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  await readForm(request, context)
  try {
    requireRole(ctx, 'supervisor')
  } catch (error) {
    throwModelError(error)
  }
  const report = await verifyAuditChain(ctx.db)
  return { ok: report.problem === null, message: describeChainReport(report) }
}

export default function SupervisorConsole() {
  const { queues, filters, events, moreHref, actions } = useLoaderData<typeof loader>()
  const verified = useActionData<typeof action>()
  return (
    <section>
      <h1>监管工作台</h1>
      <h2 id="queues">待办队列</h2>
      <TableWrap labelledBy="queues">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">队列</th>
              <th scope="col">时限</th>
              <th scope="col">待办</th>
              <th scope="col">最近期限</th>
              <th scope="col">逾期</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.key}>
                <td>
                  <a href={q.link}>{q.name}</a>
                </td>
                <td>{SUPERVISOR_WORKDAYS[q.key]} 个工作日</td>
                <td>{q.open}</td>
                <td>{q.nextDueAt ? formatDateTime(q.nextDueAt) : '—'}</td>
                <td>
                  {q.overdue > 0 ? (
                    <span className="badge badge--bad">{q.overdue} 件逾期</span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>审计日志</h2>
      <p className="field__hint">
        审计日志只增不改，每条记录包含前一条的哈希。也可运行 <code>npm run audit:verify</code>。
      </p>
      <Form method="post" className="inline-form">
        <CsrfInput />
        <button type="submit" className="button">
          校验哈希链
        </button>
        {verified ? (
          <span role="status" className={verified.ok ? 'badge badge--ok' : 'badge badge--bad'}>
            {verified.message}
          </span>
        ) : null}
      </Form>
      <Form method="get" className="filters">
        <label>
          事件
          <select name="action" defaultValue={filters.action}>
            <option value="">全部</option>
            {auditActionGroups.map(([prefix, name]) => (
              <option key={prefix} value={prefix}>
                {name}
              </option>
            ))}
            {actions.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          对象类型
          <select name="subjectType" defaultValue={filters.subjectType}>
            <option value="">全部</option>
            {Object.entries(auditSubjectTypeNames).map(([type, name]) => (
              <option key={type} value={type}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          对象 ID（前 8 位即可）
          <input name="subjectId" defaultValue={filters.subjectId} size={38} />
        </label>
        <label>
          自
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          至
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">审计事件</caption>
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
                <td>
                  {e.subjectType}{' '}
                  {e.subjectId ? (
                    <span className="mono" title={e.subjectId}>
                      {e.shownSubjectId}
                    </span>
                  ) : null}
                </td>
                <td>{e.actor}</td>
                <td className="mono">{e.hash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.length === 0 ? <p>没有符合条件的记录。</p> : null}
      {moreHref ? (
        <p>
          <a href={moreHref}>更早的记录</a>
        </p>
      ) : null}
    </section>
  )
}
