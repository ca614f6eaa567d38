import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { listPublicPlans } from '#models/inspections-queries.ts'
import {
  inspectionPlanStatusNames,
  planStatusBadgeClass,
  populationSummary,
} from '../components/inspections/inspection-labels.ts'
import { getCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [
  { title: '双随机抽查 · 中介超市' },
  {
    name: 'description',
    content: '随机抽取检查对象、随机选派检查人员，抽查情况及查处结果及时公开。',
  },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  return { plans: await listPublicPlans(ctx.db) }
}

export default function InspectionsPage() {
  const { plans } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>双随机抽查</h1>
      <p className="lead">
        监管部门随机抽取被检查的中介机构、随机选派检查人员，抽查情况和查处结果全部公开。每个计划在创建时公布抽取承诺值，抽取后公开秘密值和全部输入，任何人都可以重算核对。
      </p>
      <p>
        <a href="/inspections.csv" download>
          导出 CSV
        </a>
      </p>
      {plans.length === 0 ? (
        <p>还没有抽查计划。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">抽查计划</th>
                <th scope="col">抽查范围</th>
                <th scope="col">抽查数量</th>
                <th scope="col">状态</th>
                <th scope="col">检查结果</th>
                <th scope="col">抽取时间</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <td className="wrap">
                    <a href={`/inspections/${p.id}`}>{p.title}</a>
                  </td>
                  <td className="wrap">
                    {populationSummary(p.population)}
                    {p.riskWeighted ? '；按信用等级加权' : ''}
                  </td>
                  <td>{p.drawnAt ? `${p.tasks} 家` : `计划 ${p.sampleSize} 家`}</td>
                  <td>
                    <span className={planStatusBadgeClass(p.status)}>
                      {inspectionPlanStatusNames[p.status]}
                    </span>
                  </td>
                  <td className="wrap">
                    {p.drawnAt
                      ? `已检查 ${p.recorded}/${p.tasks}：未发现问题 ${p.compliant}，一般问题 ${p.minor}，严重问题 ${p.serious}`
                      : '—'}
                  </td>
                  <td>{p.drawnAt ? formatDateTime(p.drawnAt) : '待抽取'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
