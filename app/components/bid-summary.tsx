import type { BidPage } from '../bid-page.server.ts'
import { formatFenExact } from '#models/rules/money.ts'
import {
  projectStatusNames,
  selectionMethodNames,
  type ProjectStatus,
  type SelectionMethod,
} from '#models/rules/project-states.ts'
import { formatDateTime } from '../utils/format.ts'
import { ReceiptCheck } from './bid-receipt.tsx'

// Single fetch keeps dates as dates: the loader's type is the page's.
type Page = BidPage

export function ProjectSummary({
  project,
  eligibility,
}: {
  project: Page['project']
  eligibility: Page['eligibility']
}) {
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title" className="visually-hidden">
        项目概况
      </h2>
      <dl className="details">
        <dt>服务事项</dt>
        <dd>
          <a href={`/items/${project.serviceItemCode}`}>{project.serviceItemName}</a>
        </dd>
        <dt>采购人</dt>
        <dd>{project.buyerName}</dd>
        <dt>最高限价</dt>
        <dd>{formatFenExact(project.budgetCapFen)}</dd>
        <dt>截止时间</dt>
        <dd>{formatDateTime(project.deadlineAt)}（北京时间）</dd>
        <dt>选取方式</dt>
        <dd>{selectionMethodNames[project.method as SelectionMethod]}</dd>
        <dt>项目状态</dt>
        <dd>{projectStatusNames[project.status as ProjectStatus]}</dd>
        <dt>本机构参与条件</dt>
        <dd>
          {eligibility.eligible ? (
            <span className="badge badge--ok">符合</span>
          ) : (
            <>
              <span className="badge badge--bad">不符合</span>
              <ul className="reasons">
                {eligibility.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <a href="/my/offerings">服务报价</a> · <a href="/my/qualifications">资质</a>
            </>
          )}
        </dd>
      </dl>
    </section>
  )
}

export function BidStatus({ bid, noun }: { bid: Page['bid']; noun: string }) {
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">本机构的{noun}</h2>
      {!bid ? (
        <p>尚未{noun}。</p>
      ) : bid.withdrawnAt ? (
        <p>
          已于 {formatDateTime(bid.withdrawnAt)} 撤回（最后为第 {bid.revision} 版）。
        </p>
      ) : (
        <>
          <dl className="details">
            <dt>版本</dt>
            <dd>第 {bid.revision} 版</dd>
            <dt>提交时间</dt>
            <dd>{formatDateTime(bid.submittedAt)}</dd>
            <dt>承诺值</dt>
            <dd className="mono hash">{bid.commitment}</dd>
            <dt>承诺时限</dt>
            <dd>{bid.timeLimitDays} 个工作日</dd>
            <dt>方案文件</dt>
            <dd>
              {bid.proposalUploadId ? <a href={`/uploads/${bid.proposalUploadId}`}>下载</a> : '—'}
            </dd>
          </dl>
          <p className="field__hint">
            报价金额已加密密封，开标前任何人（包括本机构）都看不到，请以提交时下载的回执为准。
          </p>
          {bid.setAsideAt ? (
            <p className="form-errors" role="status">
              本{noun}已于 {formatDateTime(bid.setAsideAt)} 被搁置：
              {bid.setAsideReason?.replace(/[。.]$/, '')}
              。搁置的{noun}
              不参与评审或抽取，开标时列为无效；如失信名单在截止前结束，将按原样密封恢复有效。
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}

const decisionNames = { accepted: '已采纳', rejected: '未采纳' } as const

export function BidOutcome({
  project,
  bid,
  openedPrice,
  check,
  pasted = '',
}: {
  project: Page['project']
  bid: Page['bid']
  openedPrice: Page['openedPrice']
  check: Page['check']
  pasted?: string
}) {
  const live = bid && !bid.withdrawnAt ? bid : null
  return (
    <section aria-labelledby="outcome-title" className="stack">
      <h2 id="outcome-title">结果</h2>
      {project.status === 'cancelled' ? (
        <p>项目已撤销：{project.endReason}</p>
      ) : !project.opened && project.status !== 'failed' && project.status !== 'awarded' ? (
        <p>已截止（{formatDateTime(project.deadlineAt)}），等待开标。</p>
      ) : null}
      {project.status === 'failed' ? <p>流标：{project.endReason}</p> : null}
      {project.winnerIsMe ? (
        <p className="notice">
          贵机构中选
          {project.awardedPriceFen != null
            ? `，中选价 ${formatFenExact(project.awardedPriceFen)}`
            : ''}
          。
        </p>
      ) : project.winnerName ? (
        <p>中选机构：{project.winnerName}</p>
      ) : null}
      {openedPrice && live ? (
        <>
          <dl className="details">
            <dt>开标价格</dt>
            <dd>
              <strong>{formatFenExact(openedPrice.priceFen)}</strong>（
              <span className="mono">{openedPrice.priceFen}</span> 分）
            </dd>
            <dt>盐值</dt>
            <dd className="mono hash">{openedPrice.salt}</dd>
            <dt>有效性</dt>
            <dd>
              {live.valid === false ? `无效：${live.invalidReason ?? ''}` : '有效'}
              {live.abnormalLow ? '（异常低价）' : ''}
            </dd>
            <dt>排名</dt>
            <dd>{live.rank != null ? `第 ${live.rank} 名` : '—'}</dd>
            {live.explanation ? (
              <>
                <dt>异常低价说明</dt>
                <dd>
                  {live.explanation}
                  <br />
                  采购人决定：
                  {live.explanationDecision
                    ? `${decisionNames[live.explanationDecision]}，理由：${live.explanationDecisionReason ?? ''}`
                    : '待决定'}
                </dd>
              </>
            ) : live.explanationDecision ? (
              <>
                <dt>异常低价说明</dt>
                <dd>
                  {decisionNames[live.explanationDecision]}：{live.explanationDecisionReason}
                </dd>
              </>
            ) : null}
          </dl>
          {check ? <ReceiptCheck check={check} pasted={pasted} /> : null}
        </>
      ) : project.opened && !live ? (
        <p>本机构在本项目没有有效报价。</p>
      ) : null}
      <p>
        <a href={`/projects/${project.id}`}>查看项目公告与全部进程</a>
      </p>
    </section>
  )
}
