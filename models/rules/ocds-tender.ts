import { fundingSourceNames, type ProjectStatus, type SelectionMethod } from './project-states.ts'
import { formatShanghaiDateTime } from './shanghai-time.ts'
import type {
  OcdsObject,
  OcdsOrganisation,
  OcdsOrganizationReference,
  OcdsProjectState,
  OcdsValue,
} from './ocds-types.ts'

/** The planning, tender and bids sections of a release, and the helpers every section uses. */

export const OCDS_CURRENCY = 'CNY'
/** Our catalogue of intermediary service items (中介服务事项清单), codes like SI-002. */
export const ITEM_CLASSIFICATION_SCHEME = 'ZJCS-SI'
/** 统一社会信用代码 (GB 32100-2015). */
export const ORGANISATION_SCHEME = 'CN-USCC'

export const ocdsValue = (fen: number): OcdsValue => ({ amount: fen / 100, currency: 'CNY' })

export const isoDate = (date: Date | null | undefined) => date?.toISOString()

/** A Shanghai calendar day's last second, for a due date kept as a day. */
export const endOfShanghaiDay = (day: string | null) =>
  day ? new Date(`${day}T23:59:59+08:00`).toISOString() : undefined

export const startOfShanghaiDay = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()

export const partyId = (org: OcdsOrganisation) => `${ORGANISATION_SCHEME}-${org.uscc}`

export const organisationReference = (org: OcdsOrganisation): OcdsOrganizationReference => ({
  id: partyId(org),
  name: org.name,
})

/** The one line item of every project: the catalogue item, once. */
export function projectItem(state: OcdsProjectState): OcdsObject {
  const { serviceItemCode, serviceItemName } = state.project
  return {
    id: '1',
    description: serviceItemName,
    classification: {
      scheme: ITEM_CLASSIFICATION_SCHEME,
      id: serviceItemCode,
      description: serviceItemName,
    },
    quantity: 1,
  }
}

interface MethodMapping {
  procurementMethod: 'open' | 'direct'
  details: string
  awardCriteria?: string
  submission: string
}

/**
 * Our selection methods in OCDS terms. Every eligible agency may bid or sign up for the three
 * competitive methods (eligibility is the item's, the same for all), so all three are `open`;
 * how the winner is chosen is the award criteria. A random draw has no core criteria code:
 * `randomDraw` is ours (schemas/ocds-zjcs-extension/codelists/+awardCriteria.csv).
 */
export const methodMappings: Record<SelectionMethod, MethodMapping> = {
  lowest_price: {
    procurementMethod: 'open',
    details: '竞价选取：符合条件的机构在线提交密封报价，最低有效报价中选',
    awardCriteria: 'priceOnly',
    submission: '在平台在线提交密封报价；开标前任何人（包括平台）都不能查看报价',
  },
  scoring: {
    procurementMethod: 'open',
    details: '综合评分：开标后按公告载明的价格、质量、信用权重评分，总分最高者中选',
    awardCriteria: 'ratedCriteria',
    submission: '在平台在线提交密封报价和服务方案；开标前任何人（包括平台）都不能查看报价',
  },
  lottery: {
    procurementMethod: 'open',
    details: '随机抽取：符合条件的机构在线报名，截止后以可验证的随机抽取确定中选机构和候补',
    awardCriteria: 'randomDraw',
    submission: '在平台在线报名并提交密封报价；开标前任何人（包括平台）都不能查看报价',
  },
  direct: {
    procurementMethod: 'direct',
    details: '直接选取：企业以自有资金邀请一家中介机构承接',
    submission: '受邀机构在平台在线接受邀请并报价',
  },
}

const COMPLETE: readonly ProjectStatus[] = [
  'awarded',
  'contracted',
  'delivered',
  'accepted',
  'paid',
  'evaluated',
]

/** Tender status: active until awarded; a cancellation after the award ends a contract instead. */
export function tenderStatus(status: ProjectStatus, awarded: boolean) {
  if (COMPLETE.includes(status)) return 'complete'
  if (status === 'failed') return 'unsuccessful'
  if (status === 'cancelled') return awarded ? 'complete' : 'cancelled'
  return 'active'
}

function tenderStatusDetails(state: OcdsProjectState) {
  const { status, endReason } = state.project
  if (status === 'failed') return `流标：${endReason ?? ''}`
  if (status === 'cancelled') return `已撤销：${endReason ?? ''}`
  return undefined
}

const deadlineWords = (c: { deadlineBefore: Date | null; deadlineAfter: Date | null }) =>
  c.deadlineBefore && c.deadlineAfter && c.deadlineBefore.getTime() !== c.deadlineAfter.getTime()
    ? `；截止时间由 ${formatShanghaiDateTime(c.deadlineBefore)} 延至 ${formatShanghaiDateTime(c.deadlineAfter)}`
    : ''

/** Answered questions (enquiries), supplements (documents) and scope changes (amendments). */
function clarificationSections(state: OcdsProjectState) {
  const questions = state.clarifications.filter((c) => c.kind === 'question')
  const supplements = state.clarifications.filter((c) => c.kind === 'supplement')
  return {
    hasEnquiries: questions.length > 0 ? true : undefined,
    enquiries: questions.map((c) => ({
      id: c.id,
      date: isoDate(c.askedAt),
      description: c.question,
      answer: c.answer,
      dateAnswered: isoDate(c.answeredAt),
    })),
    documents: supplements.map((c) => ({
      id: c.id,
      documentType: 'clarifications',
      title: '补充说明',
      description: c.answer,
      datePublished: isoDate(c.answeredAt),
      language: 'zh',
    })),
    amendments: state.clarifications
      .filter((c) => c.changesScope)
      .map((c) => ({
        id: c.id,
        date: isoDate(c.answeredAt),
        rationale: c.kind === 'question' ? '答疑变更了采购需求' : '补充说明变更了采购需求',
        description: `${c.answer}${deadlineWords(c)}`,
      })),
  }
}

export function planningSection(state: OcdsProjectState): OcdsObject {
  const { funding, budgetCapFen, title } = state.project
  return {
    budget: {
      id: funding,
      description: `${fundingSourceNames[funding]}；预算金额为本项目的最高限价`,
      amount: ocdsValue(budgetCapFen),
      project: title,
    },
  }
}

/** Who answered the call: bidders once opened; the invited agency once it accepted. */
function tenderers(state: OcdsProjectState): OcdsOrganizationReference[] | undefined {
  const agency = (id: string) => organisationReference(state.agencies[id]!)
  if (state.bids) return [...new Set(state.bids.map((b) => b.agencyId))].map(agency)
  const { method, directAgencyId, winnerAgencyId } = state.project
  if (method === 'direct' && directAgencyId && winnerAgencyId === directAgencyId)
    return [agency(directAgencyId)]
  return undefined
}

export function tenderSection(
  state: OcdsProjectState,
): OcdsObject & { id: string; status: string } {
  const p = state.project
  const mapping = methodMappings[p.method]
  const listed = tenderers(state)
  return {
    id: p.id,
    title: p.title,
    description: p.scope,
    status: tenderStatus(p.status, p.awardedAt != null && p.winnerAgencyId != null),
    statusDetails: tenderStatusDetails(state),
    procuringEntity: organisationReference(state.buyer),
    items: [projectItem(state)],
    value: ocdsValue(p.budgetCapFen),
    procurementMethod: mapping.procurementMethod,
    procurementMethodDetails: mapping.details,
    procurementMethodRationale:
      p.method === 'direct' ? '企业自有资金项目，可直接选取；财政资金项目不得直接选取' : undefined,
    mainProcurementCategory: 'services',
    awardCriteria: mapping.awardCriteria,
    awardCriteriaDetails: p.weights
      ? `价格分 ${p.weights.price}%，质量分 ${p.weights.quality}%，信用分 ${p.weights.credit}%`
      : undefined,
    submissionMethod: ['electronicSubmission'],
    submissionMethodDetails: mapping.submission,
    tenderPeriod: { startDate: isoDate(p.publishedAt), endDate: isoDate(p.deadlineAt) },
    awardPeriod:
      p.openedAt || p.awardedAt
        ? { startDate: isoDate(p.openedAt ?? p.awardedAt), endDate: isoDate(p.awardFinalAt) }
        : undefined,
    eligibilityCriteria:
      '提供该中介服务事项，截止日持有该事项要求的有效资质，未被列入失信名单或暂停；不得附加地域、规模、注册资本或本地办公等条件',
    numberOfTenderers: state.bidCount ?? listed?.length,
    tenderers: listed,
    ...clarificationSections(state),
    drawCommitment: p.drawCommitment ?? undefined,
  }
}

/** Bid statistics once the deadline has passed; each bid once opened (bids extension). */
export function bidsSection(state: OcdsProjectState): OcdsObject | undefined {
  const { project } = state
  if (project.method === 'direct') {
    if (!project.directAgencyId) return undefined
    const invited = state.agencies[project.directAgencyId]!
    const accepted = project.winnerAgencyId === project.directAgencyId
    const entry = accepted ? state.result?.ranking[0] : undefined
    return {
      details: [
        {
          id: 'invitation',
          status: entry ? 'valid' : 'invited',
          tenderers: [organisationReference(invited)],
          value: entry ? ocdsValue(entry.priceFen) : undefined,
        },
      ],
    }
  }
  if (state.bidCount == null) return undefined
  const statistics: OcdsObject[] = [{ id: 'bids', measure: 'bids', value: state.bidCount }]
  if (!state.bids) return { statistics }
  const valid = state.bids.filter((b) => b.valid)
  statistics.push({ id: 'validBids', measure: 'validBids', value: valid.length })
  if (valid.length > 0) {
    const prices = valid.map((b) => b.priceFen)
    statistics.push(
      {
        id: 'lowestValidBidValue',
        measure: 'lowestValidBidValue',
        value: Math.min(...prices) / 100,
        currency: OCDS_CURRENCY,
      },
      {
        id: 'highestValidBidValue',
        measure: 'highestValidBidValue',
        value: Math.max(...prices) / 100,
        currency: OCDS_CURRENCY,
      },
    )
  }
  return {
    statistics,
    details: state.bids.map((b) => ({
      id: b.id,
      date: isoDate(b.submittedAt),
      status: b.valid ? 'valid' : 'disqualified',
      statusDetails: b.invalidReason ?? undefined,
      tenderers: [organisationReference(state.agencies[b.agencyId]!)],
      value: ocdsValue(b.priceFen),
      rank: b.rank ?? undefined,
    })),
  }
}
