import type { PublicPlan } from '#models/inspections-queries.ts'
import { formatDateTime } from '../../utils/format.ts'
import { resultBadge } from './inspection-labels.ts'

type Draw = NonNullable<PublicPlan['draw']>
type Task = PublicPlan['tasks'][number]

const mark = (ok: boolean) => (ok ? '一致' : '不一致')

/** The revealed inputs, the pairs drawn, the agencies skipped and the platform's own check. */
export function InspectionDrawOutcome({
  planId,
  drawnAt,
  draw,
}: {
  planId: string
  drawnAt: Date | string | null
  draw: Draw
}) {
  const { record, check } = draw
  return (
    <>
      <h2>抽取输入{drawnAt ? `（${formatDateTime(drawnAt)} 抽取）` : ''}</h2>
      <dl className="details draw-values">
        <dt>秘密值（已公开）</dt>
        <dd className="mono hex">{record.secret}</dd>
        <dt>计划编号</dt>
        <dd className="mono hex">{planId}</dd>
        <dt>抽查范围</dt>
        <dd>
          抽取时符合范围的机构 {record.populationIds.length} 家（按编号排序，见下）
          {record.riskWeighted
            ? '；按信用等级加权：A 级 1 份、B 级 2 份、C 级 3 份、D 级 4 份'
            : ''}
        </dd>
        <dt>种子 SHA-256(种子输入)</dt>
        <dd className="mono hex">{record.seed}</dd>
        <dt>检查人员种子</dt>
        <dd className="mono hex">{record.inspectorSeed}</dd>
        <dt>检查人员顺序</dt>
        <dd>{draw.inspectorOrder.map((i) => i.name).join(' → ')}</dd>
      </dl>
      <details>
        <summary>抽查范围内的机构编号{record.riskWeighted ? '及信用等级' : ''}</summary>
        <ol className="mono">
          {record.populationIds.map((id) => (
            <li key={id}>
              {id}
              {record.grades ? `  ${record.grades[id]} 级 ×${record.weights?.[id]}` : ''}
            </li>
          ))}
        </ol>
      </details>
      <details>
        <summary>种子输入（秘密值|排序后的机构编号|计划编号）</summary>
        <p className="mono hex">{record.seedInput}</p>
      </details>
      {draw.skipped.length > 0 ? (
        <>
          <h3>因回避跳过的机构</h3>
          <ul>
            {draw.skipped.map((s) => (
              <li key={s.agencyId}>
                <a href={`/agencies/${s.agencyId}`}>{s.agencyName}</a>：{s.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className={check.ok ? 'notice draw-check' : 'form-errors draw-check'} role="status">
        平台校验：{mark(check.ok)}（承诺值{mark(check.commitmentOk)}，种子{mark(check.seedOk)}
        ，机构顺序{mark(check.orderOk)}，配对{mark(check.pairsOk)}）
      </p>
    </>
  )
}

/** The drawn agencies with their inspectors and, once recorded, the results. */
export function InspectionTasksTable({ tasks }: { tasks: Task[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">被检查机构</th>
            <th scope="col">检查人员</th>
            <th scope="col">检查结果</th>
            <th scope="col">检查情况</th>
            <th scope="col">登记时间</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => {
            const badge = resultBadge(t.result)
            return (
              <tr key={t.id} id={`task-${t.id}`}>
                <td>{t.position}</td>
                <td className="wrap">
                  <a href={`/agencies/${t.agencyId}`}>{t.agencyName}</a>
                </td>
                <td>{t.inspectorName}</td>
                <td>
                  <span className={badge.className}>{badge.label}</span>
                </td>
                <td className="wrap">{t.finding ?? '—'}</td>
                <td>{t.recordedAt ? formatDateTime(t.recordedAt) : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** docs/inspections.md in short: enough to redo the draw by hand. */
export function InspectionHowToCheck({ planId }: { planId: string }) {
  return (
    <section aria-labelledby="how-to-check">
      <h2 id="how-to-check">如何自己重算</h2>
      <ol>
        <li>检查 SHA-256(秘密值) 等于创建计划时公布的承诺值：秘密值在抽取前已锁定，不能更换。</li>
        <li>
          种子输入 = 秘密值 + “|” + 抽查范围内机构编号按字符（UTF-16 码元）顺序排序后用 “,” 连接 +
          “|” + 计划编号；种子 = SHA-256(种子输入)。
        </li>
        <li>
          用与随机抽取项目相同的方法洗牌（随机数流 SHA-256(种子 + “:” +
          k)、拒绝采样、Fisher–Yates）。 按信用等级加权时，洗牌的对象是“编号#1 …
          编号#权重”，每家机构取其第一次出现的位置。
        </li>
        <li>
          检查人员种子 = SHA-256(种子 +
          “:inspectors”)，用它洗牌排序后的检查人员编号，得到检查人员顺序。
        </li>
        <li>
          按机构顺序逐家分配：从上一位被分配者的下一位开始，依次取第一位与该机构没有关联的检查人员；
          全部有关联则跳过该机构，继续往下，直到达到抽查数量。
        </li>
      </ol>
      <p>
        在本项目源码目录中运行下面的命令，可用另一份独立实现从公开数据重算并逐项比对（完整说明见{' '}
        <span className="mono">docs/inspections.md</span>）：
      </p>
      <pre className="command">
        <code>npm run verify-inspection -- {planId}</code>
      </pre>
      <p>
        公开数据：<a href={`/api/v1/inspections/${planId}`}>/api/v1/inspections/{planId}</a>
        （JSON 中的 <span className="mono">draw</span> 字段）。
      </p>
    </section>
  )
}
