import type { Faker } from '@faker-js/faker'
import type { practitioners, qualifications } from '../models/db/schema.ts'
import type { Place } from './registry-places.ts'

type QualificationRow = typeof qualifications.$inferInsert
type PractitionerRow = typeof practitioners.$inferInsert

/**
 * How a certificate looks. `number` is a pattern: {yyyy}/{yy} the year of issue, {to} the
 * year it ends, {g} the grade (甲/乙/丙, from the level; 综合 counts as 甲), {gd} the grade as a
 * digit, {region} the county code's first four digits, {N} N random digits. A level with
 * 甲 or 综合 is issued nationally.
 */
interface CertificateSpec {
  levels: readonly string[]
  issuer: string
  nationalIssuer?: string
  number: string
  /** Years of validity; null for 长期. */
  years: number | null
}

const spec = (
  number: string,
  issuer: string,
  years: number | null,
  levels: readonly string[] = [''],
  nationalIssuer?: string,
): CertificateSpec => ({ number, issuer, years, levels, nationalIssuer })

const housingMinistry = '中华人民共和国住房和城乡建设部'
const housingDepartment = '河南省住房和城乡建设厅'

/** The qualifications the catalogue requires, keyed by the catalogue's names. */
export const catalogueQualifications: Record<string, CertificateSpec> = {
  '检验检测机构资质认定证书（CMA）': spec('{yy}16{8}', '河南省市场监督管理局', 6),
  测绘资质证书: spec(
    '{g}测资字41{6}',
    '河南省自然资源厅',
    5,
    ['甲级', '乙级', '乙级', '乙级'],
    '中华人民共和国自然资源部',
  ),
  城乡规划编制单位资质证书: spec(
    '自资规{g}字{yy}41{4}',
    '河南省自然资源厅',
    5,
    ['甲级', '乙级', '乙级'],
    '中华人民共和国自然资源部',
  ),
  安全评价机构资质证书: spec('APJ-（豫）-{3}', '河南省应急管理厅', 5),
  工程设计资质证书: spec(
    'A{gd}41{6}',
    housingDepartment,
    5,
    [
      '建筑行业（建筑工程）甲级',
      '建筑行业（建筑工程）乙级',
      '市政行业（给水工程）乙级',
      '化工石化医药行业乙级',
    ],
    housingMinistry,
  ),
  职业卫生技术服务机构资质证书: spec(
    '（豫）卫职技字（{yyyy}）第{3}号',
    '河南省卫生健康委员会',
    5,
    ['甲级', '乙级', '乙级'],
    '中华人民共和国国家卫生健康委员会',
  ),
  放射卫生技术服务机构资质证书: spec('豫卫放技字〔{yyyy}〕第{2}号', '河南省卫生健康委员会', 4, [
    '乙级',
  ]),
  雷电防护装置检测资质证: spec(
    '豫雷检字{yyyy}{3}',
    '河南省气象局',
    5,
    ['甲级', '乙级', '乙级'],
    '中国气象局',
  ),
  考古发掘资质证书: spec('考执字（{yyyy}）第{3}号', '国家文物局', null, ['团体领队资质']),
  工程勘察资质证书: spec(
    'B{gd}41{6}',
    housingDepartment,
    5,
    [
      '工程勘察综合资质甲级',
      '工程勘察专业类（岩土工程）甲级',
      '工程勘察专业类（岩土工程）乙级',
      '工程勘察专业类（工程测量）乙级',
    ],
    housingMinistry,
  ),
  施工图审查机构认定: spec('豫建审认字第{3}号', housingDepartment, 5, ['一类', '二类']),
  工程监理资质证书: spec(
    'E{gd}41{6}',
    housingDepartment,
    5,
    ['工程监理综合资质', '房屋建筑工程专业甲级', '房屋建筑工程专业乙级', '市政公用工程专业乙级'],
    housingMinistry,
  ),
  建设工程质量检测机构资质证书: spec('豫建检字第{4}号', housingDepartment, 5, [
    '综合类',
    '专项类（主体结构及装饰装修）',
    '专项类（建筑节能）',
  ]),
  特种设备检验检测机构核准证: spec('TS71{region}{3}-{to}', '河南省市场监督管理局', 4, [
    '综合检验机构乙类',
    '无损检测机构',
  ]),
  计量授权证书: spec('（豫）法计（{yyyy}）{region}{3}号', '河南省市场监督管理局', 5),
  会计师事务所执业证书: spec('41{6}', '河南省财政厅', null),
  律师事务所执业许可证: spec('31{region}{yyyy}{7}', '河南省司法厅', null),
}

/** Certificates firms show beyond what the catalogue asks (is_other: free text). */
export const otherQualifications: Record<string, CertificateSpec> = {
  工程咨询单位资信证书: spec(
    '{g}{yy}{8}',
    '河南省工程咨询协会',
    3,
    ['甲级', '乙级', '乙级'],
    '中国工程咨询协会',
  ),
  'ISO 9001 质量管理体系认证证书': spec('{5}Q{5}R{1}M', '中国质量认证中心', 3),
  'ISO 14001 环境管理体系认证证书': spec('{5}E{5}R{1}M', '方圆标志认证集团有限公司', 3),
  房地产估价机构备案证书: spec('豫建房估备字{yyyy}{4}号', housingDepartment, 3, [
    '一级',
    '二级',
    '三级',
  ]),
  资产评估机构备案公告: spec('豫财资评备〔{yyyy}〕{3}号', '河南省财政厅', null),
  土地估价机构备案证明: spec('{yyyy}41{4}', '中国土地估价师与土地登记代理人协会', null),
  水土保持方案编制单位水平评价证书: spec('水保方案（豫）字第{4}号', '中国水土保持学会', 3, [
    '★★★',
    '★★★★',
  ]),
  林业调查规划设计单位资信证书: spec('林资信{g}字{yyyy}{3}号', '中国林业工程建设协会', 3, [
    '甲级',
    '乙级',
    '丙级',
  ]),
  消防技术服务机构备案凭证: spec('豫消技备{yyyy}{4}', '河南省消防救援总队', null),
}

/** Practitioners' certificates and their number patterns (same placeholders). */
export const certificatePatterns: Record<string, string> = {
  '注册咨询工程师（投资）': '咨登{yyyy}41{5}',
  一级注册造价工程师: '建[造]1{yy}41{5}',
  二级注册造价工程师: '豫建[造]2{yy}{5}',
  环境影响评价工程师: 'BH0{5}',
  注册环保工程师: 'HB{yy}41{5}',
  注册测绘师: '测{yyyy}41{5}',
  一级注册建造师: '豫141{yyyy}{8}',
  一级注册建筑师: '{yy}41{5}',
  一级注册结构工程师: 'S{yy}41{5}',
  注册城乡规划师: '{yyyy}41{6}',
  '注册公用设备工程师（暖通空调）': 'CN{yy}41{5}',
  注册电气工程师: 'DQ{yy}41{5}',
  注册监理工程师: '41{6}',
  注册安全工程师: '{yyyy}41{8}',
  安全评价师: 'S{11}',
  资产评估师: '41{yy}{4}',
  房地产估价师: '41{yyyy}{4}',
  土地估价师: '{yyyy}41{4}',
  注册会计师: '4100{8}',
  律师执业证: '1{region}{yyyy}1{7}',
  '注册土木工程师（岩土）': 'AY{yy}41{5}',
  '注册土木工程师（水利水电工程）': 'SL{yy}41{5}',
  '注册土木工程师（道路工程）': 'DL{yy}41{5}',
  注册计量师: 'JL{yyyy}41{5}',
  检验检测人员上岗证: 'JC{yyyy}{5}',
  一级注册消防工程师: '{yyyy}41{7}',
  防雷专业技术人员能力评价证书: 'FL{yyyy}{6}',
  职业卫生技术服务专业技术人员证书: 'ZW{yyyy}41{4}',
  考古领队资格证书: 'KG{yyyy}{3}',
  林业高级工程师职称证书: '豫林高{yyyy}{4}',
}

interface PatternValues {
  issued: number
  to?: number
  grade?: string
  region: string
}

function fillPattern(f: Faker, pattern: string, values: PatternValues): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'yyyy') return String(values.issued)
    if (key === 'yy') return String(values.issued).slice(2)
    if (key === 'to') return String(values.to ?? values.issued + 4)
    if (key === 'g') return values.grade ?? '乙'
    if (key === 'gd') return String('甲乙丙'.indexOf(values.grade ?? '乙') + 1)
    if (key === 'region') return values.region
    return f.string.numeric({ length: Number(key), allowLeadingZeros: true })
  })
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10)

export type Validity = 'valid' | 'expired'

/**
 * One certificate of `type` held by `agencyId`. A valid one runs past `today` (or is 长期);
 * an expired one ended in the past year, and the directory shows it as such.
 */
export function drawQualification(
  f: Faker,
  agencyId: string,
  type: string,
  {
    place,
    today,
    validity,
    createdAt,
  }: { place: Place; today: Date; validity: Validity; createdAt: Date },
): QualificationRow {
  const isOther = !(type in catalogueQualifications)
  const certificate = catalogueQualifications[type] ?? otherQualifications[type]!
  const level = f.helpers.arrayElement(certificate.levels)
  const national = /甲|综合/.test(level) && certificate.nationalIssuer
  const years = certificate.years ?? (validity === 'expired' ? 5 : null)
  const day = 86_400_000
  // Expired: ended 1–300 days ago. Valid: issued long enough ago to look settled.
  const validTo =
    years == null
      ? null
      : validity === 'expired'
        ? new Date(today.getTime() - f.number.int({ min: 1, max: 300 }) * day)
        : new Date(today.getTime() + f.number.int({ min: 30, max: years * 365 - 60 }) * day)
  const validFrom = validTo
    ? new Date(validTo.getTime() - years! * 365 * day)
    : new Date(today.getTime() - f.number.int({ min: 200, max: 3000 }) * day)
  const grade = level.includes('综合') ? '甲' : (level.match(/[甲乙丙]/)?.[0] ?? '乙')
  return {
    agencyId,
    type,
    isOther,
    level,
    number: fillPattern(f, certificate.number, {
      issued: validFrom.getUTCFullYear(),
      to: validTo?.getUTCFullYear(),
      grade,
      region: place.county.code.slice(0, 4),
    }),
    issuer: national ? certificate.nationalIssuer! : certificate.issuer,
    validFrom: isoDate(validFrom),
    validTo: validTo && isoDate(validTo),
    // Entered with the profile, or when a renewed certificate came.
    createdAt: validFrom > createdAt ? validFrom : createdAt,
  }
}

export function drawPractitioner(
  f: Faker,
  agencyId: string,
  {
    name,
    certificateType,
    place,
    createdAt,
  }: { name: string; certificateType: string; place: Place; createdAt: Date },
): PractitionerRow {
  const issued = f.number.int({ min: 2008, max: createdAt.getUTCFullYear() })
  const pattern = certificatePatterns[certificateType] ?? '{yyyy}{6}'
  return {
    agencyId,
    name,
    certificateType,
    certificateNumber: fillPattern(f, pattern, { issued, region: place.county.code.slice(0, 4) }),
    createdAt,
  }
}
