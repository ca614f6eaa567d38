import type { ProjectResult } from '#models/project-award.ts'
import { formatFenExact } from '#models/rules/money.ts'
import type { ProjectStatus, SelectionMethod } from '#models/rules/project-states.ts'
import { formatDateTime } from '../../utils/format.ts'
import { ResultRanking } from '../objections/result-ranking.tsx'
import { selectionMethodNames } from './project-labels.ts'
import { SigningHistory, type SigningHistoryRow } from './signing-history.tsx'

type When = Date | string

export interface AwardResultProps {
  project: {
    id: string
    status: ProjectStatus
    method: SelectionMethod
    awardedAt: When | null
    awardedPriceFen: number | null
    publicityEndsAt: When | null
    awardFinalAt: When | null
    endReason: string | null
  }
  result: ProjectResult | null
  buyerName: string
  winnerName: string | null
  publicityOpen: boolean
  /** Objections not yet settled: the award waits for them after the publicity period. */
  openObjections: number
  signing: SigningHistoryRow[]
}

function AwardState({ project: p, publicityOpen, openObjections }: AwardResultProps) {
  if (p.awardFinalAt)
    return (
      <>
        <span className="badge badge--ok">已生效</span> {formatDateTime(p.awardFinalAt)}
        {p.method === 'direct' ? '（直接选取，无公示期）' : ''}
      </>
    )
  if (publicityOpen) return <>公示中，质疑请在公示期内提出</>
  return <>公示期已满，待质疑全部办结后生效（现有 {openObjections} 件未办结）</>
}

/**
 * 中选结果: the award as published, or as it was before an upheld objection revoked it, or
 * the ranking of a procedure whose offered contracts nobody signed; then who signed what.
 */
export function AwardResult(props: AwardResultProps) {
  const { project: p, result, signing } = props
  // Failed after contracts were offered: nobody signed and the buyer runs the procedure again.
  const unsigned = p.status === 'failed' && signing.length > 0
  const revoked = result != null && !unsigned && (p.status === 'opened' || p.status === 'failed')
  const live = result != null && !revoked && !unsigned
  // After a refusal or lapse the winner is the next-ranked agency offered the contract (递补).
  const passedOn = signing.findLast((c) => c.status !== 'refused' && c.status !== 'lapsed')
  return (
    <>
      {p.endReason && p.status === 'failed' ? (
        <p className="card" role="note">
          流标原因：{p.endReason}
        </p>
      ) : null}
      {revoked ? (
        <p className="card" role="note">
          以下为原公示的中选结果，已因质疑成立被撤销
          {p.status === 'opened' ? '，项目正在重新评审' : ''}。
        </p>
      ) : null}
      {result == null ? (
        <p>{p.status === 'failed' ? '本项目未产生中选结果。' : '尚未公布中选结果。'}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>采购人</dt>
            <dd>{props.buyerName}</dd>
            <dt>选取方式</dt>
            <dd>{selectionMethodNames[p.method]}</dd>
            {live ? (
              <>
                <dt>中选机构</dt>
                <dd>
                  {props.winnerName}
                  {passedOn && passedOn.rank > 1
                    ? `（排名第 ${passedOn.rank} 名，按排名递补）`
                    : ''}
                </dd>
                <dt>中选金额</dt>
                <dd>{p.awardedPriceFen != null ? formatFenExact(p.awardedPriceFen) : '—'}</dd>
                <dt>公布时间</dt>
                <dd>{p.awardedAt ? formatDateTime(p.awardedAt) : '—'}</dd>
                {p.method !== 'direct' && p.publicityEndsAt ? (
                  <>
                    <dt>公示截止</dt>
                    <dd>{formatDateTime(p.publicityEndsAt)}</dd>
                  </>
                ) : null}
                <dt>结果状态</dt>
                <dd>
                  <AwardState {...props} />
                </dd>
              </>
            ) : null}
          </dl>
          <ResultRanking result={result} />
          {live || unsigned ? <SigningHistory entries={signing} /> : null}
          {p.method === 'lottery' ? (
            <p>
              抽取的种子、秘密值和全部输入见 <a href={`/projects/${p.id}/draw`}>随机抽取记录</a>
              ，任何人都可以重新计算核对。
            </p>
          ) : null}
        </>
      )}
    </>
  )
}
