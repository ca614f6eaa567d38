import type { MetaFunction } from '@remix-run/react'
import {
  CREDIT_BASE,
  CREDIT_MAX,
  CREDIT_MIN,
  creditGrades,
  creditRuleCodes,
  creditRules,
  EXIT_RULE,
  gradeFloors,
  gradeNames,
  REPLY_WORKDAYS,
} from '#models/rules/credit-rules.ts'
import { TableWrap } from '../components/table-wrap.tsx'

export const meta: MetaFunction = () => [{ title: '信用评价规则 · 中介超市' }]

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

/** The rule table exactly as the code applies it: models/rules/credit-rules.ts renders here. */
export default function CreditRulesPage() {
  return (
    <section>
      <h1>信用评价规则</h1>
      <p>
        每家中介机构以 {CREDIT_BASE}{' '}
        分起评，分数只由下列规则产生的信用记录增减：各条记录的分值相加，结果在 {CREDIT_MIN}–
        {CREDIT_MAX} 分之间（加分可以抵消扣分，超过 {CREDIT_MAX} 分按 {CREDIT_MAX}{' '}
        分计）。每条记录写明规则、分值、来源和日期，公开在机构的「信用记录」页；被撤销的记录保留并注明撤销理由。
      </p>
      <h2>信用等级</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">等级</th>
            <th scope="col">分数</th>
          </tr>
        </thead>
        <tbody>
          {creditGrades.map((grade, i) => {
            const above = i === 0 ? CREDIT_MAX : gradeFloors[creditGrades[i - 1]!] - 1
            return (
              <tr key={grade}>
                <td>{gradeNames[grade]}</td>
                <td>
                  {gradeFloors[grade]}–{above} 分
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p>
        列入失信名单或被清退出市场的机构，在名单期内等级一律显示为 D 级（严重失信），与分数无关。
      </p>
      <p>
        同等条件下，信用分高者优先（竞价选取报价相同时先比信用分，再比提交时间；综合评分中信用分按公告的权重计分）。
      </p>

      <h2 id="scoring-rules">计分规则</h2>
      <TableWrap labelledBy="scoring-rules">
        <table className="table credit-rules">
          <thead>
            <tr>
              <th scope="col">规则</th>
              <th scope="col">情形</th>
              <th scope="col">分值</th>
              <th scope="col">上限</th>
              <th scope="col">有效期</th>
              <th scope="col">陈述申辩</th>
              <th scope="col">失信名单</th>
            </tr>
          </thead>
          <tbody>
            {creditRuleCodes.map((code) => {
              const rule = creditRules[code]
              return (
                <tr key={code} id={`rule-${code}`}>
                  <th scope="row">{rule.name}</th>
                  <td className="wrap">{rule.description}</td>
                  <td>{code === 'evaluation' ? '−8 至 +4' : signed(rule.points)}</td>
                  <td>{rule.cap === null ? '—' : `${rule.capMonths} 个月内 ±${rule.cap}`}</td>
                  <td>{rule.expiryMonths} 个月</td>
                  <td>{rule.needsReply ? `${REPLY_WORKDAYS} 个工作日` : '—'}</td>
                  <td>
                    {rule.blacklist
                      ? rule.blacklist.count === 1
                        ? `列入 ${rule.blacklist.months} 个月`
                        : `${rule.blacklist.withinMonths} 个月内第 ${rule.blacklist.count} 次起列入 ${rule.blacklist.months} 个月`
                      : '—'}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>

      <h2>程序</h2>
      <ul>
        <li>
          监管部门认定的扣分（虚假材料、投诉属实、抽查问题、串通投标）先通知机构，机构可在{' '}
          {REPLY_WORKDAYS}{' '}
          个工作日内陈述意见；逾期未陈述的自动生效，已陈述的由监管人员复核后决定生效或撤回。
        </li>
        <li>
          机构对任何已生效的记录可以申诉，监管人员公开说明理由作出裁决；申诉成立的记录标注为已撤销，不再计分。
        </li>
        <li>
          列入失信名单期间不得报价、报名或被抽取，已提交但尚未开标的报价一律搁置并说明理由。
          {EXIT_RULE.withinMonths} 个月内第 {EXIT_RULE.count} 次列入失信名单的机构予以清退，
          {EXIT_RULE.months} 个月内不得以同一统一社会信用代码重新入驻。
        </li>
        <li>记录过了有效期不再计分，但仍保留在信用记录中。</li>
      </ul>
      <p>
        <a href="/blacklist">失信名单 →</a>
      </p>
    </section>
  )
}
