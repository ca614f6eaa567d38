import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { agencyBlacklistStatus } from '#models/blacklist-queries.ts'
import { getAgencyProfile } from '#models/directory-profile.ts'
import { agencyEvaluationSummary } from '#models/evaluation-queries.ts'
import { AgencyBadges, AgencyNotices } from '../components/agency-badges.tsx'
import { AgencyPractitioners, AgencyQualifications } from '../components/agency-credentials.tsx'
import { BlacklistBadge } from '../components/credit/blacklist-badge.tsx'
import { GradeBadge } from '../components/search-grade-badge.tsx'
import type { CreditGrade } from '#models/rules/credit-rules.ts'
import { BlacklistNotice } from '../components/credit/blacklist-notice.tsx'
import { SupervisionHistory } from '../components/agency-history.tsx'
import { AgencyOfferings } from '../components/agency-offerings.tsx'
import { AgencyEvaluations } from '../components/evaluations/agency-evaluations.tsx'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import agencyStyles from '../styles/agencies.css?url'
import evaluationStyles from '../styles/evaluations.css?url'
import { formatDate } from '../utils/format.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: agencyStyles },
  { rel: 'stylesheet', href: evaluationStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agency.name} · 中介机构 · 中介超市` : '中介机构 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const profile = await getAgencyProfile(ctx, params.id ?? '').catch(throwModelError)
  // Both need only the agency's id, known to exist now: one round trip instead of two.
  const [evaluationSummary, blacklist] = await Promise.all([
    agencyEvaluationSummary(ctx.db, profile.agency.id, {
      page: new URL(request.url).searchParams.get('evalPage'),
    }),
    agencyBlacklistStatus(ctx.db, profile.agency.id),
  ])
  // Enterprises (own money only) may choose an agency directly from its profile.
  return {
    ...profile,
    evaluationSummary,
    blacklist,
    canChooseDirectly:
      ctx.actor?.role === 'enterprise' && !blacklist.blacklisted && !blacklist.exit,
  }
}

export default function AgencyProfile() {
  const {
    agency,
    qualifications,
    practitioners,
    offerings,
    history,
    evaluationSummary,
    canChooseDirectly,
    blacklist,
  } = useLoaderData<typeof loader>()
  return (
    <article>
      <p>
        <a href="/agencies">← 中介机构</a>
      </p>
      <header className="agency-head">
        {agency.logoUploadId ? (
          <img
            className="agency-logo"
            src={`/uploads/${agency.logoUploadId}`}
            alt={`${agency.name}的标志`}
          />
        ) : null}
        <h1>{agency.name}</h1>
        <AgencyBadges
          verifiedAt={agency.verifiedAt}
          flagged={agency.flaggedAt != null}
          suspended={agency.suspendedAt != null}
        />{' '}
        <BlacklistBadge blacklisted={blacklist.blacklisted} />
      </header>
      <BlacklistNotice status={blacklist} />
      <AgencyNotices agency={agency} />
      <p>
        <GradeBadge
          agencyId={agency.id}
          grade={agency.creditGrade as CreditGrade}
          barred={blacklist.blacklisted || blacklist.exit != null}
        />{' '}
        信用分 {agency.creditScore} · <a href={`/agencies/${agency.id}/credit`}>信用记录</a> ·{' '}
        <a href={`/complaints/new?agency=${agency.id}`}>投诉</a>
      </p>
      {canChooseDirectly && !agency.suspendedAt ? (
        <p>
          <a className="button" href={`/projects/new?agency=${agency.id}`}>
            直接选取该机构
          </a>{' '}
          <small>仅限企业自有资金项目；机构接受后即中选。</small>
        </p>
      ) : null}

      <h2>基本信息</h2>
      <dl className="details">
        <dt>统一社会信用代码</dt>
        <dd className="mono">{agency.uscc}</dd>
        <dt>法定代表人</dt>
        <dd>{agency.legalRepresentative || '—'}</dd>
        <dt>所在地区</dt>
        <dd>{agency.regionLabel}</dd>
        <dt>地址</dt>
        <dd>{agency.address || '—'}</dd>
        <dt>联系人</dt>
        <dd>{agency.contactName || '—'}</dd>
        <dt>联系电话</dt>
        <dd>
          {agency.contactPhone ? (
            <a href={`tel:${agency.contactPhone}`}>{agency.contactPhone}</a>
          ) : (
            '—'
          )}
        </dd>
        <dt>电子邮箱</dt>
        <dd>
          {agency.contactEmail ? (
            <a href={`mailto:${agency.contactEmail}`}>{agency.contactEmail}</a>
          ) : (
            '—'
          )}
        </dd>
        <dt>入驻时间</dt>
        <dd>{formatDate(agency.createdAt)}</dd>
      </dl>

      <h2>机构简介</h2>
      {agency.introduction ? (
        <p className="agency-intro">{agency.introduction}</p>
      ) : (
        <p className="field__hint">暂无简介。</p>
      )}

      <h2>服务报价（{offerings.length} 项）</h2>
      <AgencyOfferings offerings={offerings} />

      <AgencyEvaluations summary={evaluationSummary} />
      {evaluationSummary.count > 0 ? (
        <p>
          <a href={`/agencies/${agency.id}/evaluations.csv`} download>
            导出全部服务评价（CSV）
          </a>
        </p>
      ) : null}

      <h2>资质</h2>
      <AgencyQualifications rows={qualifications} />

      <h2>执业人员</h2>
      <AgencyPractitioners rows={practitioners} />

      <h2>监管记录</h2>
      <SupervisionHistory rows={history} />
    </article>
  )
}
