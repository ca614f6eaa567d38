import type { AgencyBlacklistStatus } from '#models/blacklist-queries.ts'
import { formatDate } from '../../utils/format.ts'

type When = Date | string
type Status = Omit<AgencyBlacklistStatus, 'until' | 'entries' | 'exit'> & {
  until: When | null
  entries: (Omit<AgencyBlacklistStatus['entries'][number], 'startsAt' | 'endsAt'> & {
    startsAt: When
    endsAt: When
  })[]
  exit: { reason: string; exitedAt: When; until: When } | null
}

/**
 * On an agency's public profile: 已清退 with its date and reason, or 失信 with each live
 * entry's rule, reason and term, linking to the public list.
 */
export function BlacklistNotice({ status }: { status: Status }) {
  return (
    <>
      {status.exit ? (
        <div className="notice notice--bad" role="status">
          <strong>已清退（{formatDate(status.exit.exitedAt)}）</strong>
          <p>理由：{status.exit.reason}</p>
          <p>
            该机构已退出中介超市，不能报价、报名或被抽取；其统一社会信用代码在{' '}
            {formatDate(status.exit.until)} 前不能重新注册。
          </p>
          <p>
            <a href="/blacklist?tab=exits">查看清退名单</a>
          </p>
        </div>
      ) : null}
      {status.blacklisted && status.until ? (
        <div className="notice notice--bad" role="status">
          <strong>已列入失信名单，至 {formatDate(status.until)}</strong>
          <ul>
            {status.entries.map((e) => (
              <li key={e.id}>
                {e.ruleName}：{e.reason}（{formatDate(e.startsAt)} 至 {formatDate(e.endsAt)}）
              </li>
            ))}
          </ul>
          <p>名单期内不能报价、报名或被抽取，在投报价已被搁置。</p>
          <p>
            <a href="/blacklist">查看失信名单</a>
          </p>
        </div>
      ) : null}
    </>
  )
}
