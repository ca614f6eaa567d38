import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { NIGHTLY_HOUR, ruleFlag } from '#models/collusion.ts'
import { listFlags } from '#models/collusion-queries.ts'
import {
  collusionKindHints,
  collusionKindNames,
  FLAGS_PER_PAGE,
  flagSideNames,
  type FlagStatus,
  flagStatuses,
  flagStatusNames,
} from '#models/rules/collusion/kinds.ts'
import type { CollusionKind } from '#models/rules/collusion/types.ts'
import { ruleFlagSchema } from '#models/validation/collusion.ts'
import { FlagEvidenceView, OrganisationLink } from '../components/collusion/flag-evidence.tsx'
import { FlagRulingForm } from '../components/collusion/flag-ruling-form.tsx'
import { Pagination } from '../components/pagination.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '串通筛查线索 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const asked = url.searchParams.get('status')
  const status: FlagStatus = flagStatuses.includes(asked as FlagStatus)
    ? (asked as FlagStatus)
    : 'open'
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const queue = await listFlags(ctx, { status, page }).catch(throwModelError)
  return { ...queue, status, page, ruled: url.searchParams.get('ruled'), nightlyHour: NIGHTLY_HOUR }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: ruleFlagSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { flagId, decision, reason } = submission.value
  try {
    await ruleFlag(ctx, flagId, { confirm: decision === 'confirm', reason })
    return redirect(`/supervisor/flags?ruled=${decision}`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const ruledMessages: Record<string, string> = {
  confirm: '已认定。涉及机构已收到信用记录通知，陈述意见期满后计分。',
  dismiss: '已排除，理由已记录。',
}

export default function SupervisorFlags() {
  const { flags, organisations, projects, counts, status, page, ruled } =
    useLoaderData<typeof loader>()
  const { lastNightlyRun, nightlyHour } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const names = { organisations, projects }
  return (
    <article className="stack">
      <h1>串通筛查线索</h1>
      <p className="lead">
        每次开标后和每天夜间，系统按经合组织（OECD）的串通迹象和 Imhof
        统计筛查报价和采购人行为，列出的只是线索：须经监管人员核查认定后才会形成信用记录，排除的线索不影响任何人的信用。
      </p>
      <p className="field__hint">
        {lastNightlyRun
          ? `最近一次夜间筛查完成于 ${formatDateTime(lastNightlyRun.finishedAt)}：发现迹象 ${lastNightlyRun.found} 条，其中新线索 ${lastNightlyRun.raised} 条。`
          : `尚未进行过夜间筛查（每天北京时间 ${nightlyHour} 点后运行）；开标后的筛查不受影响。`}
      </p>
      {ruled && ruledMessages[ruled] ? (
        <p className="notice" role="status">
          {ruledMessages[ruled]}
        </p>
      ) : null}
      <nav aria-label="线索状态">
        {flagStatuses.map((s, i) => (
          <span key={s}>
            {i > 0 ? ' · ' : ''}
            <a href={`?status=${s}`} aria-current={s === status ? 'page' : undefined}>
              {flagStatusNames[s]}（{counts[s]}）
            </a>
          </span>
        ))}
      </nav>
      {flags.length === 0 ? <p>暂无{flagStatusNames[status]}的线索。</p> : null}
      {flags.map((flag) => {
        const kind = flag.kind as CollusionKind
        return (
          <section
            key={flag.id}
            id={`flag-${flag.id}`}
            className="card stack"
            aria-labelledby={`flag-${flag.id}-title`}
          >
            <h2 id={`flag-${flag.id}-title`}>
              {collusionKindNames[kind] ?? kind}{' '}
              <span className={flag.strength >= 70 ? 'badge badge--bad' : 'badge badge--warn'}>
                强度 {flag.strength}
              </span>
            </h2>
            <p className="field__hint">
              {collusionKindHints[kind]} · 涉及{flagSideNames[flag.side]} · 发现于{' '}
              {formatDateTime(flag.createdAt)}
            </p>
            <p>
              涉及：
              {flag.organisationIds.map((id, i) => (
                <span key={id}>
                  {i > 0 ? '、' : ''}
                  <OrganisationLink id={id} names={names} />
                </span>
              ))}
            </p>
            <p>
              <strong>{flag.evidence.summary}</strong>
            </p>
            <FlagEvidenceView evidence={flag.evidence} names={names} />
            {flag.status === 'open' ? (
              <FlagRulingForm flagId={flag.id} side={flag.side} lastResult={lastResult} />
            ) : (
              <p>
                {flagStatusNames[flag.status]}：{flag.ruling}（{flag.ruledByName ?? '监管人员'}，
                {flag.ruledAt ? formatDateTime(flag.ruledAt) : ''}）
              </p>
            )}
          </section>
        )
      })}
      <Pagination page={page} pageCount={Math.ceil(counts[status] / FLAGS_PER_PAGE)} />
    </article>
  )
}
