import { and, asc, count, desc, eq, isNull, ne } from 'drizzle-orm'
import { answerComplaint, fileComplaint } from '../models/complaints.ts'
import type { Actor, Ctx } from '../models/context.ts'
import { fileAppeal, ruleAppeal } from '../models/credit-appeals.ts'
import {
  decideFinding,
  finaliseDueFindings,
  recordFinding,
  replyToFinding,
} from '../models/credit-findings.ts'
import type { Database } from '../models/db/client.ts'
import { inspectionTasks } from '../models/db/schema-credit.ts'
import { organisations } from '../models/db/schema.ts'
import { createPlan, drawPlan, recordInspectionResult } from '../models/inspections.ts'
import { formatFen } from '../models/rules/money.ts'
import { shanghaiDate } from '../models/rules/qualifications.ts'
import { cityNameOfCityCode } from '../models/regions.ts'
import type { Dealing, SupervisionCases } from './supervision-demo.ts'

/** The supervision demo's stories: each schedules its steps; seedSupervision plays them. */

export interface StoryEnv {
  db: Database
  cases: SupervisionCases
  /** Beijing time `workdays` working days before the last one before today. */
  ago: (workdays: number, hour: number, minute?: number) => Date
  as: (actor: Actor) => Ctx
  supervisor: Ctx
  step: (at: Date, label: string, run: () => Promise<unknown>) => void
  /** Stories the registry could not cast. */
  skipped: string[]
}

/** Demo's home city: its newest agencies joined during the story, so none is inspected. */
const HOME_CITY = '4109'

/**
 * 提供虚假材料: the agency does not reply within the window, so the finding counts and puts
 * it on the blacklist; its appeal is dismissed. An agency whose bids had all closed by then,
 * so the blacklisting sets nothing aside and no later bid of the story contradicts it.
 */
export function blacklistStory({ db, cases, ago, as, supervisor, step, skipped }: StoryEnv) {
  const findingAt = ago(17, 9, 30)
  const quiet = cases.quietAgencySince(findingAt)
  if (!quiet) return void skipped.push('失信名单：没有可列入的机构')
  const { agency, lastBid } = quiet
  let recordId = ''
  let appealId = ''
  step(findingAt, `认定${agency.name}提供虚假材料`, async () => {
    const where = lastBid ? `在「${lastBid.title}」项目报名时` : '在入驻平台时'
    const record = await recordFinding(supervisor, {
      agencyId: agency.id,
      rule: 'false_materials',
      projectId: lastBid?.projectId ?? null,
      summary: `${where}提交的 2 份类似项目业绩合同经向发包单位核实系伪造，发包单位书面证明从未委托该机构。`,
    })
    recordId = record.id
  })
  step(ago(14, 10), '陈述期满，认定生效（平台时钟）', () => finaliseDueFindings(db))
  step(ago(12, 16), `${agency.name}提出信用申诉`, async () => {
    const appeal = await fileAppeal(as(agency.actor), recordId, {
      grounds:
        '涉事业绩合同系我机构原项目负责人个人伪造，机构负责人事先并不知情，该人员已被解聘，请求撤销该记录并移出失信名单。',
    })
    appealId = appeal.id
  })
  step(ago(9, 15), `裁决${agency.name}的申诉`, () =>
    ruleAppeal(supervisor, appealId, {
      upheld: false,
      reason:
        '机构对以本机构名义提交的材料真实性负有审核责任，申诉所称个人行为不能免除机构责任，申诉不成立，维持原记录。',
    }),
  )
}

/**
 * Four complaints: one substantiated with a finding the agency answers and a supervisor
 * confirms, one unsubstantiated, one left open past its 10 working days, and one about a
 * project, filed yesterday.
 */
export function complaintStories({ cases, ago, as, supervisor, step, skipped }: StoryEnv) {
  const against = (d: Dealing, subject: string, grounds: string) =>
    fileComplaint(as(d.buyer.actor), {
      targetType: 'agency',
      targetOrganisationId: d.agency.id,
      subject,
      grounds,
    })

  const extra = cases.servedBefore(ago(12, 9, 30), 'enterprise')
  if (extra) {
    // About a tenth of the contract, in hundreds of yuan.
    const feeFen = Math.max(500_00, Math.round((extra.amountFen ?? 0) / 10 / 100_00) * 100_00)
    let complaintId = ''
    let recordId = ''
    step(ago(12, 9, 30), `${extra.buyer.name}投诉${extra.agency.name}`, async () => {
      const filed = await against(
        extra,
        '合同价款外另行收取“加急费”',
        `我单位「${extra.title}」项目由该机构承接。合同签订后，该机构项目负责人以“加急出具报告”为由，要求另行支付加急费 ${formatFen(feeFen)}，付款后拒绝开具正式发票。转账记录可随时提供。`,
      )
      complaintId = filed.id
    })
    step(ago(10, 10), '答复投诉：属实，认定扣分', async () => {
      const { record } = await answerComplaint(supervisor, complaintId, {
        outcome: 'substantiated',
        answer:
          '经调取合同、转账记录并约谈双方，该机构在合同价款外另行收取费用属实，已责令退还并整改。',
        finding: {
          summary: `在「${extra.title}」项目合同价款外以“加急”为由另行收取费用，且未开具发票。`,
        },
      })
      recordId = record!.id
    })
    step(ago(9, 11), `${extra.agency.name}陈述意见`, () =>
      replyToFinding(
        as(extra.agency.actor),
        recordId,
        '我机构已于收到通知当日全额退还该笔费用，并对项目负责人作出内部处理、修订了收费管理制度，恳请从轻认定。',
      ),
    )
    step(ago(7, 9), '维持认定', () =>
      decideFinding(supervisor, recordId, {
        confirm: true,
        reason: '机构已退还费用并整改，但在合同外另行收费的事实清楚，维持认定。',
      }),
    )
  } else skipped.push('投诉属实：没有已开始履行的合同')

  const report = cases.servedBefore(ago(11, 10), 'department')
  if (report) {
    let complaintId = ''
    step(ago(11, 10), `${report.buyer.name}投诉${report.agency.name}`, async () => {
      const filed = await against(
        report,
        '成果数据疑似未经实地踏勘',
        `「${report.title}」项目中，该机构提交的成果文件部分现场数据与我单位掌握的情况不一致，怀疑其未按约定实地踏勘，请予核查。`,
      )
      complaintId = filed.id
    })
    step(ago(8, 16), '答复投诉：不属实', () =>
      answerComplaint(supervisor, complaintId, {
        outcome: 'unsubstantiated',
        answer:
          '经调取踏勘记录、现场照片并询问项目人员，该机构已按规范实地踏勘，数据差异系测量时点不同所致，投诉不属实。',
      }),
    )
  } else skipped.push('投诉不属实：没有已开始履行的合同')

  // Filed 12 working days ago and never answered: past its 10, the queue shows it as 逾期.
  const staff = cases.servedBefore(ago(12, 14))
  if (staff)
    step(ago(12, 14), `${staff.buyer.name}投诉${staff.agency.name}（未答复）`, () =>
      against(
        staff,
        '承诺的执业人员未到场',
        `「${staff.title}」项目报价时该机构承诺由注册执业人员担任项目负责人，合同履行中实际到场开展工作的人员无相应执业资格，请予核查。`,
      ),
    )
  else skipped.push('逾期投诉：没有已开始履行的合同')

  const questioned = cases.bidToQuestion(ago(1, 10))
  if (questioned)
    step(ago(1, 10), `${questioned.agency.name}投诉项目「${questioned.title}」`, () =>
      fileComplaint(as(questioned.agency.actor), {
        targetType: 'project',
        projectId: questioned.projectId,
        subject: '采购需求设置排他性条件',
        grounds:
          '该项目服务范围要求“须在项目所在县设有常驻办公场所”，该条件与服务质量无关，排斥了外地中介机构公平参与，请监管部门核查。',
      }),
    )
  else skipped.push('项目投诉：没有可投诉的项目')
}

/**
 * A 双随机 plan over the city with most agencies besides the demo's home (whose newest
 * agencies joined during the story): drawn, three found compliant, one with a minor problem
 * (its finding still in the reply window), the rest still being inspected.
 */
export async function inspectionStory({ db, cases, ago, supervisor, step, skipped }: StoryEnv) {
  const [city] = await db
    .select({ code: organisations.cityCode, n: count() })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, 'agency'),
        ne(organisations.cityCode, HOME_CITY),
        isNull(organisations.suspendedAt),
        isNull(organisations.exitedAt),
      ),
    )
    .groupBy(organisations.cityCode)
    .orderBy(desc(count()), asc(organisations.cityCode))
    .limit(1)
  const cityName = city?.code ? cityNameOfCityCode(city.code) : undefined
  if (!city?.code || !cityName) return void skipped.push('双随机抽查：没有可抽查的机构')
  const createdAt = ago(6, 10)
  let planId = ''
  const results: { taskId: string; minor: boolean }[] = []
  step(createdAt, `创建${cityName}双随机抽查计划`, async () => {
    const plan = await createPlan(supervisor, {
      title: `${shanghaiDate(createdAt).slice(0, 4)}年度${cityName}中介服务机构“双随机、一公开”抽查`,
      itemCodes: [],
      categories: [],
      cityCodes: [city.code!],
      sampleSize: Math.min(6, city.n),
      riskWeighted: true,
      inspectorIds: [supervisor.actor!.userId],
    })
    planId = plan.id
  })
  step(ago(6, 10, 30), '抽取检查对象', async () => {
    await drawPlan(supervisor, planId)
    const tasks = await db
      .select({ id: inspectionTasks.id, agencyId: inspectionTasks.agencyId })
      .from(inspectionTasks)
      .where(eq(inspectionTasks.planId, planId))
      .orderBy(asc(inspectionTasks.position))
    // The problem goes to an agency with no other part in the demo; three others pass.
    const minor = tasks.find((t) => cases.claim(t.agencyId))
    const compliant = tasks.filter((t) => t !== minor).slice(0, 3)
    results.push(...compliant.map((t) => ({ taskId: t.id, minor: false })))
    if (minor) results.push({ taskId: minor.id, minor: true })
  })
  const times = [ago(5, 15), ago(4, 15), ago(3, 15), ago(1, 15)]
  for (const [i, at] of times.entries())
    step(at, `登记第 ${i + 1} 家的检查结果`, async () => {
      const result = results[i]
      if (!result) return
      await recordInspectionResult(
        supervisor,
        result.taskId,
        result.minor
          ? {
              result: 'minor',
              finding:
                '抽查的 2 份项目档案缺少执业人员签字页，收费公示未随收费标准调整及时更新，已责令 15 日内整改。',
            }
          : { result: 'compliant', finding: '抽查执业档案 3 份、收费记录 5 笔，未发现问题。' },
      )
    })
}
