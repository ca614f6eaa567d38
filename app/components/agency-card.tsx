import type { DirectoryEntry } from '#models/directory.ts'
import { AgencyBadges } from './agency-badges.tsx'
import { BlacklistBadge } from './credit/blacklist-badge.tsx'
import { GradeBadge } from './search-grade-badge.tsx'

type CardEntry = Omit<DirectoryEntry, 'verifiedAt'> & { verifiedAt: Date | string | null }

/** One agency in the public directory. */
export function AgencyCard({ entry }: { entry: CardEntry }) {
  const more = entry.offeringCount - entry.itemNames.length
  const itemList =
    entry.itemNames.length > 0 ? `：${entry.itemNames.join('、')}${more > 0 ? ' 等' : ''}` : ''
  return (
    <li className="card">
      <h2 className="agency-card__title">
        <a href={`/agencies/${entry.id}`}>{entry.name}</a>{' '}
        <AgencyBadges verifiedAt={entry.verifiedAt} flagged={entry.flagged} />{' '}
        <GradeBadge agencyId={entry.id} grade={entry.creditGrade} barred={entry.blacklisted} />{' '}
        <BlacklistBadge blacklisted={entry.blacklisted} />
      </h2>
      <div className="agency-card__facts">
        <p>{entry.regionLabel}</p>
        <p>{`服务事项 ${entry.offeringCount} 项${itemList}`}</p>
      </div>
    </li>
  )
}
