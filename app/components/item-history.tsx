import { type HistoryEntry, itemChangeNames } from '#models/catalogue-history.ts'
import { formatDateTime } from '../utils/format.ts'

type Entry = Omit<HistoryEntry, 'changedAt'> & { changedAt: Date | string }

const shown = (value: string) => value || '（空）'

/** The item's versions, newest first, each with what it changed. */
export function ItemHistory({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p className="field__hint">自清单初始导入以来未作修改。</p>
  return (
    <ol className="card-list history">
      {entries.map((entry) => (
        <li key={entry.id} className="card">
          <p className="link-row">
            <strong>{entry.imported ? '清单初始版本' : itemChangeNames[entry.change]}</strong>
            <time dateTime={new Date(entry.changedAt).toISOString()}>
              {formatDateTime(entry.changedAt)}
            </time>
          </p>
          {entry.reason ? <p>停用原因：{entry.reason}</p> : null}
          {entry.changes.length > 0 ? (
            <dl className="diff">
              {entry.changes.map((change) => (
                <div key={change.field}>
                  <dt>{change.label}</dt>
                  <dd>
                    <del>
                      <span className="visually-hidden">原为：</span>
                      {shown(change.before)}
                    </del>
                    {' → '}
                    <ins>
                      <span className="visually-hidden">改为：</span>
                      {shown(change.after)}
                    </ins>
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
