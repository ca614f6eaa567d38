import { formatDate } from '../utils/format.ts'

type When = Date | string | null

/** The marks an organisation carries wherever it is named: 已核验, 标记, 已暂停. */
export function AgencyBadges({
  verifiedAt,
  flagged,
  suspended = false,
}: {
  verifiedAt: When
  flagged: boolean
  suspended?: boolean
}) {
  const badges = [
    verifiedAt ? (
      <span
        key="verified"
        className="badge badge--ok"
        title={`${formatDate(verifiedAt)} 经监管人员核验`}
      >
        已核验
      </span>
    ) : null,
    flagged ? (
      <span key="flagged" className="badge badge--warn">
        标记：信息存疑
      </span>
    ) : null,
    suspended ? (
      <span key="suspended" className="badge badge--bad">
        已暂停
      </span>
    ) : null,
  ].filter((badge) => badge != null)
  // A space between two badges only: empty pieces of text each cost the page a <!-- -->.
  return <>{badges.flatMap((badge, i) => (i === 0 ? [badge] : [' ', badge]))}</>
}

interface NoticeFacts {
  verifiedAt: When
  flaggedAt: When
  flagReason: string | null
  suspendedAt: When
  suspensionReason: string | null
}

/** Supervisors' public decisions, each with its date and reason, above everything else. */
export function AgencyNotices({ agency }: { agency: NoticeFacts }) {
  return (
    <div className="stack">
      {agency.suspendedAt ? (
        <div className="notice notice--bad" role="status">
          <strong>已被监管人员暂停（{formatDate(agency.suspendedAt)}）</strong>
          <p>理由：{agency.suspensionReason}</p>
          <p>暂停期间不参与竞价、抽取和交易。</p>
        </div>
      ) : null}
      {agency.flaggedAt ? (
        <div className="notice notice--warn" role="status">
          <strong>监管人员标记：信息可能不实（{formatDate(agency.flaggedAt)}）</strong>
          <p>理由：{agency.flagReason}</p>
        </div>
      ) : null}
      {agency.verifiedAt ? (
        <p className="notice">
          <span className="badge badge--ok">已核验</span> 监管人员已于{' '}
          {formatDate(agency.verifiedAt)} 核验本单位登记信息。
        </p>
      ) : null}
    </div>
  )
}
