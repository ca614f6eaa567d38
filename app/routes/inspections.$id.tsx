import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getPublicPlan } from '#models/inspections-queries.ts'
import {
  InspectionDrawOutcome,
  InspectionHowToCheck,
  InspectionTasksTable,
} from '../components/inspections/inspection-draw-record.tsx'
import {
  inspectionPlanStatusNames,
  planStatusBadgeClass,
} from '../components/inspections/inspection-labels.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'
import styles from '../styles/project-records.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.plan.title} · 双随机抽查 · 中介超市` : '双随机抽查 · 中介超市' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  return { plan: await getPublicPlan(ctx.db, params.id ?? '').catch(throwModelError) }
}

const anyOr = (values: string[]) => (values.length ? values.join('、') : '不限')

export default function InspectionPlanPage() {
  const { plan } = useLoaderData<typeof loader>()
  const { population, results } = plan
  return (
    <article>
      <p>
        <a href="/inspections">← 双随机抽查</a>
      </p>
      <h1>{plan.title}</h1>
      <p className="lead">
        <span className={planStatusBadgeClass(plan.status)}>
          {inspectionPlanStatusNames[plan.status]}
        </span>{' '}
        创建于 {formatDateTime(plan.createdAt)}
      </p>

      <h2>抽查规则</h2>
      <dl className="details draw-values">
        <dt>服务事项</dt>
        <dd>{anyOr(population.items.map((i) => `${i.code} ${i.name}`))}</dd>
        <dt>行业类别</dt>
        <dd>{anyOr(population.categories)}</dd>
        <dt>地市</dt>
        <dd>{anyOr(population.cities.map((c) => c.name))}</dd>
        <dt>抽查对象</dt>
        <dd>
          提供上述任一事项或类别服务（未暂停的报价）、位于上述地市、未被暂停且未清退的中介机构
        </dd>
        <dt>抽查数量</dt>
        <dd>{plan.sampleSize} 家</dd>
        <dt>信用风险加权</dt>
        <dd>{plan.riskWeighted ? '是：A 级 1 份、B 级 2 份、C 级 3 份、D 级 4 份' : '否'}</dd>
        <dt>检查人员名录</dt>
        <dd>{plan.inspectors.map((i) => i.name).join('、')}</dd>
        <dt>回避</dt>
        <dd>
          检查人员不检查与其有关联的机构：登记了回避关系，或本人手机号、邮箱与机构联系电话、联系邮箱或机构账号相同
        </dd>
      </dl>

      <h2>承诺值</h2>
      <dl className="details draw-values">
        <dt>承诺值 SHA-256(秘密值)</dt>
        <dd className="mono hex">{plan.commitment}</dd>
        <dt>公布时间</dt>
        <dd>{formatDateTime(plan.createdAt)}（创建计划时公布）</dd>
      </dl>

      {plan.draw ? (
        <>
          <InspectionDrawOutcome planId={plan.id} drawnAt={plan.drawnAt} draw={plan.draw} />
          <h2>抽查结果</h2>
          <p>
            抽中 {results.tasks} 家，已检查 {results.recorded} 家：未发现问题 {results.compliant}{' '}
            家，发现一般问题 {results.minor} 家，发现严重问题 {results.serious} 家。
          </p>
          {results.tasks > 0 ? <InspectionTasksTable tasks={plan.tasks} /> : null}
        </>
      ) : (
        <p className="notice">
          尚未抽取。抽取时在此公开秘密值、抽查范围内的全部机构、种子、抽取顺序和“机构—检查人员”配对。
        </p>
      )}

      <InspectionHowToCheck planId={plan.id} />
    </article>
  )
}
