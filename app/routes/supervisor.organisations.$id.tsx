import { parseWithZod } from '@conform-to/zod/v4'
import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { roleNames } from '#models/roles.ts'
import {
  flagFalseInformation,
  getOrganisationForSupervisor,
  reinstate,
  suspend,
  unflag,
  verifyOrganisation,
} from '#models/supervision.ts'
import { reasonedActionSchema, verifyOrganisationSchema } from '#models/validation/supervision.ts'
import { type ActionIntent, SupervisionActionForm } from '../components/agency-action-forms.tsx'
import { AgencyBadges, AgencyNotices } from '../components/agency-badges.tsx'
import { FormErrors } from '../components/form-fields.tsx'
import { SupervisionHistory } from '../components/agency-history.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import agencyStyles from '../styles/agencies.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: agencyStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? '单位'} · 核验与监管 · 中介超市` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const detail = await getOrganisationForSupervisor(ctx, params.id ?? '').catch(throwModelError)
  const done = new URL(request.url).searchParams.get('done')
  return { ...detail, done: done && done in doneMessages ? done : null }
}

const reasonedActions = { flag: flagFalseInformation, unflag, suspend, reinstate }

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const organisationId = params.id ?? ''
  const done = (intent: ActionIntent) =>
    redirect(`/supervisor/organisations/${organisationId}?done=${intent}`)
  if (formData.get('intent') === 'verify') {
    const submission = parseWithZod(formData, { schema: verifyOrganisationSchema })
    if (submission.status !== 'success') return submission.reply()
    try {
      await verifyOrganisation(ctx, { organisationId, note: submission.value.note })
      return done('verify')
    } catch (error) {
      return answerModelError(error, submission)
    }
  }
  const submission = parseWithZod(formData, { schema: reasonedActionSchema })
  if (submission.status !== 'success') return submission.reply()
  const { intent, reason } = submission.value
  try {
    await reasonedActions[intent](ctx, { organisationId, reason })
    return done(intent)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const doneMessages: Record<string, string> = {
  verify: '已核验。',
  flag: '已标记虚假信息，理由已在该单位主页公开。',
  unflag: '已撤销标记。',
  suspend: '已暂停该单位，理由已在该单位主页公开。',
  reinstate: '已恢复该单位。',
}

export default function SupervisedOrganisation() {
  const { organisation: org, history, userCount, publishing, done } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  // A refused move (already flagged, not suspended…): its form may no longer be on the page.
  const refused = lastResult?.error?.organisation ?? undefined
  const form = (intent: ActionIntent, title: string, hint: string, button: string) => (
    <SupervisionActionForm
      key={intent}
      intent={intent}
      title={title}
      hint={hint}
      button={button}
      lastResult={lastResult}
    />
  )
  return (
    <article>
      <p>
        <a href={`/supervisor/organisations`}>← 核验与监管</a>
      </p>
      <header className="agency-head">
        <h1>{org.name}</h1>
        <AgencyBadges
          verifiedAt={org.verifiedAt}
          flagged={org.flaggedAt != null}
          suspended={org.suspendedAt != null}
        />
      </header>
      {done ? (
        <p className="notice" role="status">
          {doneMessages[done]}
        </p>
      ) : null}
      <AgencyNotices agency={org} />

      <h2>登记信息</h2>
      <dl className="details">
        <dt>类型</dt>
        <dd>{roleNames[org.kind]}</dd>
        <dt>统一社会信用代码</dt>
        <dd className="mono">{org.uscc}</dd>
        <dt>法定代表人</dt>
        <dd>{org.legalRepresentative || '—'}</dd>
        <dt>所在地区</dt>
        <dd>{org.regionLabel}</dd>
        {org.kind === 'department' ? (
          <>
            <dt>审批职能</dt>
            <dd>{org.approvalAuthority ?? '未填写'}</dd>
          </>
        ) : null}
        <dt>地址</dt>
        <dd>{org.address || '—'}</dd>
        <dt>联系人</dt>
        <dd>
          {org.contactName || '—'} {org.contactPhone} {org.contactEmail}
        </dd>
        <dt>注册时间</dt>
        <dd>{formatDateTime(org.createdAt)}</dd>
        <dt>账号数</dt>
        <dd>
          {userCount}（<a href={`/supervisor/organisations/${org.id}/accounts`}>账号与密码重置</a>）
        </dd>
        {publishing ? (
          <>
            <dt>发布项目</dt>
            <dd>{publishing.ok ? '可以发布' : publishing.reason}</dd>
          </>
        ) : null}
        {org.kind === 'agency' ? (
          <>
            <dt>公开主页</dt>
            <dd>
              <a href={`/agencies/${org.id}`}>查看公开主页</a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>监管操作</h2>
      <p className="field__hint">每项操作都会记入监管记录和审计日志；理由向公众公开。</p>
      <FormErrors id="action-refused" errors={refused} />
      <div className="action-forms">
        {org.verifiedAt
          ? null
          : form(
              'verify',
              '核验',
              org.kind === 'department'
                ? '核对单位登记证书和经办人身份；核验后该部门即可发布项目。'
                : '核对营业执照等登记信息；核验后显示“已核验”标识。',
              '确认核验',
            )}
        {org.flaggedAt
          ? form('unflag', '撤销虚假信息标记', '说明复核结论，如材料已更正属实。', '撤销标记')
          : form('flag', '标记虚假信息', '写明哪项信息不实、依据是什么，至少 5 个字。', '标记')}
        {org.suspendedAt
          ? form('reinstate', '恢复', '说明恢复的依据，如整改已完成。', '恢复')
          : form(
              'suspend',
              '暂停',
              '暂停后该单位不在名录展示、不能交易；写明理由，至少 5 个字。',
              '暂停',
            )}
      </div>
      {org.kind === 'agency' ? (
        <p>
          <a className="button" href={`/supervisor/blacklist?agency=${org.id}`}>
            列入失信名单或提前移出…
          </a>
        </p>
      ) : null}

      <h2>监管记录</h2>
      <SupervisionHistory rows={history} />
    </article>
  )
}
