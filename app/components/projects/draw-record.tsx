import type { DrawView } from '#models/project-draw-view.ts'
import { formatDateTime } from '../../utils/format.ts'

type Revealed = NonNullable<DrawView['revealed']>

function AgencyLink({ agencyId, agencyName }: { agencyId: string | null; agencyName: string }) {
  return agencyId ? <a href={`/agencies/${agencyId}`}>{agencyName}</a> : <>{agencyName}</>
}

/** The revealed inputs, the order and the platform's own recomputation. */
export function DrawOutcome({
  projectId,
  drawnAt,
  revealed,
}: {
  projectId: string
  drawnAt: Date | string | null
  revealed: Revealed
}) {
  const { check } = revealed
  const mark = (ok: boolean) => (ok ? '一致' : '不一致')
  return (
    <>
      <h2>抽取输入{drawnAt ? `（${formatDateTime(drawnAt)} 抽取）` : ''}</h2>
      <dl className="details draw-values">
        <dt>秘密值（已公开）</dt>
        <dd className="mono hex">{revealed.secret}</dd>
        <dt>项目编号</dt>
        <dd className="mono hex">{projectId}</dd>
        <dt>种子输入</dt>
        <dd className="mono hex">{revealed.seedInput ?? '（输入不合规，无法计算）'}</dd>
        <dt>种子 SHA-256(种子输入)</dt>
        <dd className="mono hex">{revealed.seed}</dd>
      </dl>

      <h3>有效报名（按编号排序，共 {revealed.signUps.length} 家）</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">报名编号</th>
              <th scope="col">中介机构</th>
            </tr>
          </thead>
          <tbody>
            {revealed.signUps.map((s, i) => (
              <tr key={s.bidId}>
                <td>{i + 1}</td>
                <td className="mono hex">{s.bidId}</td>
                <td>
                  <AgencyLink agencyId={s.agencyId} agencyName={s.agencyName} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revealed.excluded.length > 0 ? (
        <>
          <h3>未参加抽取的报名</h3>
          <ul>
            {revealed.excluded.map((e) => (
              <li key={e.bidId}>
                {e.agencyName}（<span className="mono">{e.bidId}</span>）：{e.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>抽取结果</h2>
      <ol className="draw-order">
        {revealed.order.map((s) => (
          <li key={s.bidId}>
            {s.role ? <strong>{s.role}：</strong> : null}
            <AgencyLink agencyId={s.agencyId} agencyName={s.agencyName} />{' '}
            <span className="mono hex">{s.bidId}</span>
          </li>
        ))}
      </ol>
      <p className={check.ok ? 'notice draw-check' : 'form-errors draw-check'} role="status">
        平台校验：{mark(check.ok)}（承诺值{mark(check.commitmentOk)}，种子{mark(check.seedOk)}，顺序
        {mark(check.orderOk)}）
      </p>
    </>
  )
}

/** A short statement of docs/draw-algorithm.md, enough to redo the draw by hand. */
export function DrawAlgorithm({ projectId }: { projectId: string }) {
  return (
    <section aria-labelledby="draw-algorithm">
      <h2 id="draw-algorithm">如何自己重算</h2>
      <ol>
        <li>
          检查 SHA-256(秘密值) 等于发布时公布的承诺值：秘密值在报名开始前就已锁定，事后不能更换。
        </li>
        <li>
          种子输入 = 秘密值 + “|” + 有效报名编号按字符（UTF-16 码元）顺序排序后用 “,” 连接 + “|” +
          项目编号；种子 = SHA-256(种子输入)，均为小写十六进制文本。
        </li>
        <li>
          随机数流：第 k 块 = SHA-256(种子 + “:” + k)，k = 0, 1, 2…；每块 32 字节按大端序读成 8
          个无符号 32 位整数。
        </li>
        <li>取 [0, m) 的整数：取下一个数 x，若 x ≥ ⌊2³²/m⌋·m 则丢弃重取，否则为 x mod m。</li>
        <li>
          洗牌：把排序后的编号放入 a[0..n−1]，对 i = n−1 到 1，取 j = [0, i] 中的整数，交换 a[i] 与
          a[j]。a[0] 中选，a[1]、a[2] 依次为候补。
        </li>
      </ol>
      <p>
        完整说明和计算示例见项目源码中的 <span className="mono">docs/draw-algorithm.md</span>
        。在本项目源码目录中运行下面的命令，可用另一份独立实现从公开数据重算并逐项比对：
      </p>
      <pre className="command">
        <code>npm run verify-draw -- {projectId}</code>
      </pre>
      <p>
        公开数据也可从 <a href={`/api/v1/projects/${projectId}`}>/api/v1/projects/{projectId}</a>{' '}
        读取（JSON 中的 <span className="mono">draw</span> 字段）。
      </p>
    </section>
  )
}
