import type { Faker } from '@faker-js/faker'
import { findRegion } from '../models/regions.ts'
import { isZone, type Place, placeName } from './registry-places.ts'
import type { SeedBuyer, SeedItem } from './project-world.ts'

/** Words for the demo projects: titles, scopes, questions, answers and reasons. */

const words = (text: string) => text.split(' ')

const roads = words(
  '人民路 建设路 中原路 胜利路 黄河路 文化路 解放路 振兴路 迎宾大道 光明路 新华路 东方路 ' +
    '工业路 长安路 团结路 朝阳路 和平路 育才路 民主路 兴业路 金堤路 开发大道 滨河路 纬一路 经三路',
)
const rivers = words(
  '金堤河 马颊河 卫河 贾鲁河 惠济河 洪河 沙颍河 双洎河 清水河 涧河 唐河 白河 淇河 汤河 小清河',
)
const towns = words(
  '城关镇 柳屯镇 文留镇 王助镇 八公桥镇 梁庄镇 古城乡 新集镇 白堽乡 高堤乡 后河镇 ' +
    '马庄桥镇 瓦屋头镇 仙庄镇 韩村镇 六塔乡 双庙乡 大屯乡 千口镇 张庄乡 李寨镇 黄集乡',
)
const hospitals = words('人民医院 中医院 妇幼保健院 第二人民医院 疾病预防控制中心')
const hospitalBuildings = words('门诊医技综合楼 住院楼 急诊急救中心 感染性疾病科病房楼')
const schools = words('第一高级中学 实验小学 第二初级中学 职业技术学校 特殊教育学校')
const schoolBuildings = words('教学楼 综合实验楼 学生宿舍楼 风雨操场 学生餐厅')
const facilities = words(
  '全民健身中心 体育公园 城市书房 应急物资储备库 综合档案馆 消防救援站 城市展览馆 公共实训基地',
)
const townFacilities = words('便民服务中心 卫生院 敬老院 中心学校 污水处理站')
const works = words('改建 拓宽改造 提升改造 新建 大修')

const products: [suffix: string, what: string[]][] = [
  ['化工', words('精细化工产品 水处理剂 环保涂料')],
  ['食品', words('速冻食品 面制品 休闲食品')],
  ['建材', words('新型干混砂浆 加气混凝土砌块 商品混凝土')],
  ['纺织', words('棉纱 无纺布 功能性面料')],
  ['机械', words('农业机械 矿用机械配件 环保设备')],
  ['新能源', words('锂电池正极材料 光伏组件 储能电池')],
  ['农业', words('有机肥 饲料 面粉加工')],
  ['医药', words('中药饮片 医用敷料 原料药')],
]

const pick = <T>(f: Faker, list: readonly T[]) => f.helpers.arrayElement(list)
const year = (f: Faker) => pick(f, ['2026', '2027'])

/** The place a project is in: a department's own county, or any county of its city. */
export function projectPlace(f: Faker, buyer: SeedBuyer): Place {
  const match = findRegion(buyer.regionCode)!
  const city = match.city!
  const own = match.county!
  const cityLevel = buyer.kind === 'department' && !buyer.name.includes(own.name)
  if (!cityLevel && (buyer.kind === 'department' || f.datatype.boolean(0.7)))
    return { city, county: own }
  return {
    city,
    county:
      pick(
        f,
        city.counties.filter((c) => !isZone(c)),
      ) ?? own,
  }
}

/** What the service is for: a public works project, or the enterprise's own. */
function subject(f: Faker, buyer: SeedBuyer, place: Place): string {
  const at = placeName(place, f.datatype.boolean(0.6) ? 'county' : 'city')
  if (buyer.kind === 'enterprise') {
    const line = products.find(([suffix]) => buyer.name.includes(suffix))?.[1]
    if (/置业|房地产/.test(buyer.name))
      return `${at}${pick(f, ['锦绣', '御景', '东方', '滨河', '学府'])}${pick(f, ['花园', '名苑', '华府'])}住宅小区${pick(f, ['一期', '二期'])}项目`
    if (buyer.name.includes('物流'))
      return `${buyer.name}${pick(f, ['冷链物流中心', '智慧仓储物流园', '分拨中心'])}建设项目`
    const product = line ? pick(f, line) : pick(f, ['新型建材', '环保设备', '农副产品加工'])
    return f.helpers.weightedArrayElement([
      {
        weight: 4,
        value: `${buyer.name}年产${f.number.int({ min: 2, max: 30 })}万吨${product}项目`,
      },
      { weight: 2, value: `${buyer.name}${product}生产线技术改造项目` },
      { weight: 1, value: `${buyer.name}${f.number.int({ min: 2, max: 20 })}MW分布式光伏发电项目` },
      { weight: 1, value: `${buyer.name}厂区扩建项目` },
    ])
  }
  return f.helpers.weightedArrayElement([
    { weight: 4, value: `${at}${pick(f, roads)}${pick(f, works)}工程` },
    {
      weight: 2,
      value: `${at}${pick(f, ['第二', '第三', '城东', '城南', '产业集聚区'])}污水处理厂${pick(f, ['扩建', '提标改造', '新建'])}工程`,
    },
    { weight: 2, value: `${at}${pick(f, hospitals)}${pick(f, hospitalBuildings)}建设项目` },
    { weight: 2, value: `${at}${pick(f, schools)}${pick(f, schoolBuildings)}建设项目` },
    { weight: 2, value: `${at}${pick(f, rivers)}综合治理工程` },
    { weight: 2, value: `${at}${year(f)}年高标准农田建设项目` },
    {
      weight: 1,
      value: `${at}城区${pick(f, ['集中供热管网', '燃气管网', '雨污分流'])}改造工程`,
    },
    { weight: 1, value: `${at}${year(f)}年老旧小区改造项目` },
    {
      weight: 2,
      value: `${placeName(place, 'county')}${pick(f, towns)}${pick(f, townFacilities)}${pick(f, ['新建', '改扩建'])}项目`,
    },
    {
      weight: 1,
      value: `${at}${pick(f, ['农村供水保障', '乡村道路提质', '农村生活污水治理'])}工程`,
    },
    { weight: 2, value: `${at}${pick(f, facilities)}建设项目` },
  ])
}

/** A project title as buyers write them: what it is for, then the service. */
export function projectTitle(f: Faker, item: SeedItem, buyer: SeedBuyer, place: Place): string {
  const s = () => subject(f, buyer, place)
  const b = buyer.name
  const at = placeName(place, 'county')
  const y = year(f)
  const titles: Record<string, () => string> = {
    'SI-003': () => `${b}突发环境事件应急预案${pick(f, ['编制', '修编'])}`,
    'SI-004': () =>
      f.datatype.boolean(0.5)
        ? `${s()}${pick(f, ['施工期', '运营期'])}环境监测`
        : `${b}${y}年度${pick(f, ['废水废气', '土壤和地下水', '噪声'])}环境监测`,
    'SI-013': () => `${s()}不动产测绘`,
    'SI-014': () => `${s()}规划放线及竣工测量`,
    'SI-028': () => `${b}${pick(f, ['办公楼', '厂区', '仓库'])}雷电防护装置定期检测`,
    'SI-032': () => `${s()}岩土工程勘察`,
    'SI-033': () => `${s()}${pick(f, ['施工图设计', '初步设计及施工图设计'])}`,
    'SI-035': () => `${s()}施工监理`,
    'SI-036': () => `${s()}全过程工程造价咨询`,
    'SI-037': () => `${s()}招标代理`,
    'SI-038': () => `${s()}工程质量检测`,
    'SI-039': () =>
      f.datatype.boolean(0.5)
        ? `${at}${pick(f, schools)}校舍安全鉴定`
        : `${at}${pick(f, towns)}老旧房屋安全鉴定`,
    'SI-040': () => `${s()}消防设施检测`,
    'SI-041': () => `${b}${pick(f, ['电梯', '锅炉', '压力容器', '起重机械'])}定期检验`,
    'SI-042': () => `${b}${y}年度计量器具检定校准`,
    'SI-043': () => `${b}${pick(f, ['拟处置公务车辆', '拟转让生产设备', '国有资产清查'])}资产评估`,
    'SI-044': () => `${at}${pick(f, roads)}片区房屋征收评估`,
    'SI-045': () => `${at}${y}-${f.number.int({ min: 3, max: 48 })}号地块出让地价评估`,
    'SI-046': () => `${b}${y}年度财务${buyer.kind === 'department' ? '收支' : '报表'}审计`,
    'SI-047': () => `${b}${y}年度常年法律顾问服务`,
    'SI-048': () =>
      buyer.kind === 'enterprise'
        ? `${b}排污许可证${pick(f, ['申请', '变更', '延续'])}技术服务`
        : `${at}污水处理厂排污许可证申请技术服务`,
  }
  // '…建设项目' + '项目可行性研究报告编制' reads '…建设项目可行性研究报告编制'.
  const service = () => {
    const what = s()
    return what.endsWith('项目') && item.name.startsWith('项目')
      ? `${what}${item.name.slice(2)}`
      : `${what}${item.name}`
  }
  const title = (titles[item.code] ?? service)()
  return title.length <= 100 ? title : `${title.slice(0, 99)}…`
}

export function projectLocation(f: Faker, place: Place): string {
  const county = placeName(place, 'county')
  return f.datatype.boolean(0.5)
    ? `${county}${pick(f, towns)}`
    : `${county}${pick(f, roads)}与${pick(f, roads)}交叉口${pick(f, ['东北角', '西南侧', '以北', '以东'])}`
}

export function projectScope(f: Faker, item: SeedItem, location: string): string {
  const copies = f.number.int({ min: 4, max: 10 })
  const opening = pick(f, [
    `按照国家和河南省现行技术规范开展${item.name}工作`,
    `依据有关法律法规和技术导则完成${item.name}`,
    `承担本项目${item.name}全部工作`,
  ])
  const work = pick(f, [
    '包括现场踏勘、资料收集、外业调查和成果编制',
    '包括资料收集分析、现场调查、专题论证和报告编写',
    '包括方案制定、现场工作、数据分析和成果汇总',
  ])
  const review = `配合${item.department}完成技术审查，按审查意见修改完善`
  return `${opening}，${work}；${review}，提交正式成果文件一式${copies}份及电子版。服务地点：${location}。`
}

export function bidProposal(f: Faker, days: number): string {
  const staff = f.number.int({ min: 3, max: 8 })
  return pick(f, [
    `拟派${staff}名专业技术人员组成项目组，项目负责人具有相应执业资格，承诺 ${days} 个工作日内提交成果。`,
    `成立专项工作组（${staff}人），现场工作与资料分析同步进行，${days} 个工作日内完成并配合审查。`,
    `本机构近三年完成同类项目多项，安排${staff}名技术人员驻场服务，质量和进度均有保障。`,
  ])
}

export const questions: readonly [question: string, answer: string][] = [
  ['请问成果文件需要提供纸质版几份？', '需提供纸质成果文件一式八份及电子版一份，以公告为准。'],
  ['请问项目现场是否具备踏勘条件？', '现场具备踏勘条件，请于工作日与采购人联系人预约。'],
  [
    '请问服务期限是否包含主管部门审查时间？',
    '服务期限自合同签订之日起计算，不含主管部门审查时间。',
  ],
  ['最高限价是否包含专家评审费用？', '最高限价已包含专家评审、资料收集等全部费用。'],
  [
    '请问采购人能否提供已有的地形图和前期批复文件？',
    '合同签订后，采购人将提供已有地形图及相关批复文件。',
  ],
  ['报价是否应为含税价？', '报价应为含税总价，包含完成本项目的全部费用。'],
  [
    '成果是否需要通过专家评审后才能支付费用？',
    '费用按合同约定分期支付，尾款在成果通过审查后支付。',
  ],
]

/** Answers that change the requirements (the deadline stays: it is far enough off). */
export const scopeChanges = [
  '经研究采纳该建议：成果文件增加一份可编辑电子版数据，服务范围相应调整，其余要求不变。',
  '经核实，项目用地范围调整为约 1.2 公顷，服务内容按调整后的范围执行，其余要求不变。',
]

export const cancelReasons = [
  '项目建设计划调整，本次采购暂停实施。',
  '经核实服务范围表述有误，需重新论证后另行发布。',
  '上级主管部门调整项目实施主体，本项目撤销。',
  '资金安排发生变化，本年度暂不实施。',
]

export const declineReasons = [
  '本机构近期任务饱和，无法保证在要求时限内完成。',
  '项目负责人近期另有安排，无法保证服务质量，故谢绝。',
  '项目所在地距离较远，难以长期派驻技术人员。',
]

export const explanations = [
  '本机构在该区域有同类项目正在实施，可共享现场踏勘和资料收集成果，人员和设备成本较低，报价能够保证服务质量。',
  '本机构自有检测设备和专业技术人员，无需外委，成本测算明细已随说明提交，报价不低于成本。',
  '本项目与本机构已完成的相邻项目技术条件相近，可复用基础资料，因此报价较低，承诺不降低服务标准。',
]

export const acceptedReasons = [
  '说明理由充分，成本构成合理，予以采纳。',
  '经审核成本测算，报价能够覆盖必要成本，采纳说明。',
]
export const rejectedReasons = [
  '说明未提供成本测算依据，不能证明报价不低于成本，不予采纳。',
  '说明所称可复用资料与本项目无关，理由不充分，不予采纳。',
]

export const supplements = [
  '现场踏勘时间统一安排在报价截止前两个工作日的上午 9 时，请有意参与的机构准时到达。',
  '本项目成果需同时提交 CAD 格式和 PDF 格式电子文件，其余要求不变。',
  '请各机构在服务方案中注明拟派项目负责人及其执业资格，其余要求不变。',
]

export const objectionGrounds = [
  '中选机构拟派项目负责人未列明执业资格，且报价明显低于同类项目市场价格，请求采购人复核中选结果。',
  '中选机构承诺的服务时限明显短于技术规范要求的工作周期，可能无法保证成果质量，请求复核。',
  '我单位认为中选机构的资质证书载明的业务范围不包含本项目服务内容，请求核查。',
]

export const objectionAnswers = [
  '经复核，中选机构资质证书在截止日有效，业务范围覆盖本项目，报价经审查合理，维持原中选结果。',
  '经核实，中选机构承诺时限符合公告要求，服务方案已明确人员安排，质疑理由不成立。',
]

export const escalationReasons = [
  '对采购人的答复不满意，答复未回应资质业务范围问题，请求监管部门核查。',
  '采购人答复未提供核查依据，请求监管部门依法处理。',
]

export const dismissalReasons = [
  '经调阅投标文件和资质证书，中选机构资质在截止日有效且覆盖本项目，质疑事项缺乏事实依据，予以驳回。',
  '经核查，评审程序和结果符合公告规定，质疑理由不成立，予以驳回。',
]

export const upholdingReasons = [
  '经核查，中选机构资质证书载明的业务范围不含本项目服务内容，其报价应认定无效，由其余有效报价重新评审。',
]
