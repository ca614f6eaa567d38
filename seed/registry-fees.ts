import type { Faker } from '@faker-js/faker'
import type { FeeKind } from '../models/db/schema.ts'
import type { CatalogueItem } from './catalogue.ts'

export interface Fee {
  feeKind: FeeKind
  feeMinFen: number
  feeMaxFen: number
  feeRule: string
  feeExample: string
}

/** Rounds yuan the way price lists do: to 10 元 under 1,000, to 1,000 元 under 10 万, … */
function roundYuan(yuan: number) {
  const step = yuan < 1_000 ? 10 : yuan < 10_000 ? 100 : yuan < 100_000 ? 1_000 : 5_000
  return Math.round(yuan / step) * step
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/** A round amount (yuan) at `share` of the way from low to high, kept inside both. */
const amountAt = (low: number, high: number, share: number) =>
  clamp(roundYuan(low + (high - low) * share), low, high)

const fen = (yuan: number) => Math.round(yuan * 100)

/** '2 万元', '1.5 万元', '8,500 元' — bounds in a rule. */
export function yuanWords(yuan: number) {
  if (yuan >= 10_000) return `${Number((yuan / 10_000).toFixed(2))} 万元`
  return `${yuan.toLocaleString('en-US')} 元`
}

/** '4.00 万元', '8,500 元' — a worked result. */
const resultWords = (yuan: number) =>
  yuan >= 10_000
    ? `${(yuan / 10_000).toFixed(2)} 万元`
    : `${Math.round(yuan).toLocaleString('en-US')} 元`

const twoFigures = (value: number) => Number(value.toPrecision(2))

/**
 * How a rule counts: the basis in words, the unit price's wording, realistic quantities,
 * how a quantity reads in the example, and the believable price per unit (or the rate, for
 * `percent`/`perMille` rules, whose quantities are amounts in 万元).
 */
interface RuleShape {
  basis: string
  rate?: 'percent' | 'perMille'
  unit: string
  quantities: readonly number[]
  quantityWords: (q: number) => string
  believable: readonly [number, number]
  lead?: string
}

const plain = (q: number) => q.toLocaleString('en-US')
const wanWords = (q: number) => (q >= 10_000 ? `${q / 10_000} 亿元` : `${plain(q)} 万元`)

const investment: RuleShape = {
  basis: '项目总投资额',
  rate: 'percent',
  unit: '',
  quantities: [
    500, 800, 1_200, 2_000, 3_000, 5_000, 8_000, 12_000, 20_000, 35_000, 50_000, 100_000,
  ],
  quantityWords: (q) => `总投资 ${wanWords(q)}`,
  believable: [0.01, 3],
}

const valuation = (basis: string): RuleShape => ({
  basis,
  rate: 'perMille',
  unit: '',
  quantities: [300, 800, 1_500, 3_000, 5_000, 10_000, 30_000, 80_000],
  quantityWords: (q) => `${basis} ${wanWords(q)}`,
  believable: [0.05, 10],
})

const perUnit = (
  basis: string,
  unit: string,
  believable: readonly [number, number],
  quantities: readonly number[],
  quantityWords: (q: number) => string,
  lead?: string,
): RuleShape => ({ basis, unit, believable, quantities, quantityWords, lead })

const buildingArea = perUnit(
  '建筑面积',
  '每平方米',
  [0.3, 30],
  [3_000, 5_000, 8_000, 12_000, 20_000, 35_000, 50_000, 80_000, 120_000],
  (q) => `建筑面积 ${plain(q)} 平方米`,
)
const landArea = perUnit(
  '用地面积',
  '每亩',
  [50, 5_000],
  [20, 50, 80, 120, 200, 300, 500, 800],
  (q) => `用地面积 ${plain(q)} 亩`,
)
const workload = perUnit(
  '投入工作量',
  '每人·日',
  [800, 3_000],
  [10, 15, 20, 30, 45, 60, 90],
  (q) => `投入 ${q} 人·日`,
)

/** Items priced by something other than the investment they serve. */
const shapes: Record<string, RuleShape> = {
  'SI-003': workload,
  'SI-004': perUnit(
    '监测点位',
    '每个点位',
    [300, 5_000],
    [5, 8, 12, 20, 30, 50],
    (q) => `${q} 个监测点位`,
  ),
  'SI-009': perUnit(
    '评估区面积',
    '每平方公里',
    [5_000, 50_000],
    [1, 2, 3, 5, 8, 12],
    (q) => `评估区 ${q} 平方公里`,
  ),
  'SI-010': workload,
  'SI-011': landArea,
  'SI-012': landArea,
  'SI-013': buildingArea,
  'SI-014': landArea,
  'SI-015': perUnit(
    '规划用地面积',
    '每公顷',
    [1_000, 30_000],
    [5, 10, 20, 35, 50, 80],
    (q) => `规划用地 ${q} 公顷`,
  ),
  'SI-016': perUnit(
    '拟使用林地面积',
    '每亩',
    [100, 3_000],
    [10, 30, 60, 100, 200, 400],
    (q) => `使用林地 ${q} 亩`,
  ),
  'SI-018': workload,
  'SI-024': workload,
  'SI-028': perUnit(
    '检测点',
    '每个检测点',
    [50, 1_000],
    [10, 20, 40, 60, 100, 200],
    (q) => `${q} 个检测点`,
  ),
  'SI-029': perUnit(
    '勘探面积',
    '每平方米',
    [0.5, 5],
    [10_000, 20_000, 50_000, 100_000, 200_000],
    (q) => `勘探面积 ${plain(q)} 平方米`,
  ),
  'SI-034': buildingArea,
  'SI-038': buildingArea,
  'SI-039': buildingArea,
  'SI-040': buildingArea,
  'SI-041': perUnit(
    '受检设备台数',
    '每台',
    [100, 3_000],
    [2, 5, 10, 20, 40],
    (q) => `${q} 台设备`,
    '执行政府指导价，',
  ),
  'SI-042': perUnit(
    '器具台（件）数',
    '每台（件）',
    [20, 500],
    [5, 10, 20, 50, 100],
    (q) => `${q} 台（件）`,
    '执行政府指导价，',
  ),
  'SI-043': valuation('评估对象资产总额'),
  'SI-044': valuation('评估对象价值'),
  'SI-045': valuation('评估地价总额'),
  'SI-046': valuation('被审计单位资产总额'),
  'SI-047': perUnit(
    '律师工作时间',
    '每小时',
    [300, 3_000],
    [10, 20, 40, 60, 100, 200],
    (q) => `服务 ${q} 小时`,
  ),
  'SI-048': workload,
}

/** A fee rule with its bounds, stated in words, and a worked example inside them. */
function drawRule(f: Faker, item: CatalogueItem, low: number, high: number): Fee {
  const shape = shapes[item.code] ?? investment
  const ruleMin = amountAt(low, high, f.number.float({ min: 0, max: 0.3 }))
  let ruleMax = amountAt(low, high, f.number.float({ min: 0.6, max: 1 }))
  if (ruleMax <= ruleMin) ruleMax = high
  const target = ruleMin + (ruleMax - ruleMin) * f.number.float({ min: 0.25, max: 0.75 })
  // Rates are quoted per cent or per mille of an amount in 万元; unit prices in 元.
  const factor =
    shape.rate === 'percent' ? 100 / 10_000 : shape.rate === 'perMille' ? 1000 / 10_000 : 1
  const priceFor = (q: number) => (target / q) * factor
  const [lowest, highest] = shape.believable
  const fits = shape.quantities.filter((q) => priceFor(q) >= lowest && priceFor(q) <= highest)
  // Failing a believable price, the quantity that comes closest to one.
  const distance = (q: number) => Math.abs(Math.log(priceFor(q) / Math.sqrt(lowest * highest)))
  const quantity =
    fits.length > 0
      ? f.helpers.arrayElement(fits)
      : shape.quantities.reduce((a, b) => (distance(b) < distance(a) ? b : a))
  const shown = twoFigures(priceFor(quantity))
  const raw = (quantity * shown) / factor
  const worked = clamp(raw, ruleMin, ruleMax)
  const note = raw < ruleMin ? '（按最低收费）' : raw > ruleMax ? '（按最高收费）' : ''
  const price = shape.rate
    ? `的 ${shown}${shape.rate === 'percent' ? '%' : '‰'} 计取`
    : `${shape.unit} ${shown.toLocaleString('en-US')} 元计取`
  return {
    feeKind: 'rule',
    feeMinFen: fen(ruleMin),
    feeMaxFen: fen(ruleMax),
    feeRule: `${shape.lead ?? ''}按${shape.basis}${price}，最低 ${yuanWords(ruleMin)}，最高 ${yuanWords(ruleMax)}`,
    feeExample: `${shape.quantityWords(quantity)} → ${resultWords(worked)}${note}`,
  }
}

/** A fee inside the item's demo range: fixed, a range, or a rule. */
export function drawFee(f: Faker, item: CatalogueItem): Fee {
  const [low, high] = item.demo_fee_range_yuan
  const guided = item.fee_type !== '市场调节价'
  const kind = f.helpers.weightedArrayElement<FeeKind>([
    { weight: guided ? 2 : 7, value: 'fixed' },
    { weight: guided ? 3 : 9, value: 'range' },
    { weight: guided ? 5 : 4, value: 'rule' },
  ])
  if (kind === 'rule') return drawRule(f, item, low, high)
  if (kind === 'fixed') {
    // Most quotes sit in the lower half of the range: a skewed draw.
    const yuan = amountAt(low, high, f.number.float({ min: 0, max: 1 }) ** 1.6)
    return {
      feeKind: 'fixed',
      feeMinFen: fen(yuan),
      feeMaxFen: fen(yuan),
      feeRule: '',
      feeExample: '',
    }
  }
  let from = amountAt(low, high, f.number.float({ min: 0, max: 0.6 }))
  if (from >= high) from = low
  let to = amountAt(from, high, f.number.float({ min: 0.2, max: 0.9 }))
  if (to <= from) to = high
  return { feeKind: 'range', feeMinFen: fen(from), feeMaxFen: fen(to), feeRule: '', feeExample: '' }
}

/** A committed time limit: 60–100 % of the item's, at least one day. */
export function drawTimeLimit(f: Faker, item: CatalogueItem) {
  const limit = item.demo_time_limit_workdays
  return clamp(Math.round(limit * f.number.float({ min: 0.6, max: 1 })), 1, limit)
}

/** A contract amount for a past case, inside the item's range. */
export function drawCaseAmountFen(f: Faker, item: CatalogueItem) {
  const [low, high] = item.demo_fee_range_yuan
  return fen(amountAt(low, high, f.number.float({ min: 0, max: 1 }) ** 1.4))
}
