import type { ContractTerms } from './contract-states.ts'
import type { FundingSource } from './project-states.ts'

/**
 * The standard clauses printed on every service contract. They describe what the platform
 * actually does (how the clock counts, what is recorded against whom), so a change to those
 * rules must change this text too.
 */

export interface ContractClause {
  title: string
  paragraphs: string[]
}

export interface ClauseFacts {
  terms: ContractTerms
  funding: FundingSource
  timeLimitWorkdays: number
  hasMilestones: boolean
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 1 → 一 … 10 → 十: section and clause numbers (第一条). */
export const chineseOrdinal = (n: number) => ORDINALS[n - 1] ?? String(n)

/** The printed sections' headings; the milestones table only when there are milestones. */
export function contractSections(hasMilestones: boolean) {
  const clausesAt = hasMilestones ? 4 : 3
  return {
    facts: '一、合同基本信息',
    parties: '二、合同双方',
    milestones: hasMilestones ? '三、付款节点' : null,
    clauses: `${chineseOrdinal(clausesAt)}、合同条款`,
  }
}

export const CONTRACT_PREAMBLE =
  '根据《中华人民共和国民法典》及有关规定，甲方（采购人）与乙方（中介服务机构）依据中介超市平台公开选取的结果，经平等协商，订立本合同。'

/** Shown on every printed page and in the PDF's footer; never claims a signature not yet given. */
export const signingNote = (inForce: boolean) =>
  inForce ? '本合同经中介超市平台在线签订' : '本合同须经中介超市平台在线签订，尚未生效'

const paymentWays: Record<FundingSource, string> = {
  budget:
    '本项目使用财政资金，由甲方按批准的预算和国库集中支付等财政资金支付规定支付，并在平台登记支付凭证。',
  own: '本项目使用自有资金，甲方可通过平台在线支付，也可线下转账后在平台登记转账凭证。',
}

export function contractClauses(facts: ClauseFacts): ContractClause[] {
  const { terms } = facts
  return [
    {
      title: '服务内容与要求',
      paragraphs: [
        '乙方按本合同所列服务事项和服务范围提供中介服务，执行国家和本省有关规范与标准，对所出具成果的真实性、合法性负责。',
        '甲方应及时提供开展服务所需的资料和现场条件，并对所提供资料的真实性负责。',
        '乙方不得将本合同服务转包他人，不得在合同金额之外向甲方收取费用。',
      ],
    },
    {
      title: '服务期限（以工作日计，等待业主期间不计入）',
      paragraphs: [
        `服务期限为 ${facts.timeLimitWorkdays} 个工作日，按国家法定节假日安排确定的工作日计算，自双方在线签订本合同的次一工作日起算。`,
        '因等待甲方提供资料、现场条件等（等待业主）而在平台登记暂停计时的期间，以及甲方审查乙方所交成果的期间，不计入服务期限。',
        '乙方需要延长服务期限的，应在平台提出延期申请并说明理由，经甲方同意后延长。',
      ],
    },
    {
      title: '成果交付与验收',
      paragraphs: [
        '乙方通过平台提交服务成果及说明。甲方应及时审查，验收通过或说明理由退回修改；退回后乙方修改再交，服务期限继续计算。',
        '甲方在平台确认验收之日为服务完成之日。每一轮提交的成果和甲方的意见均在平台留存。',
      ],
    },
    {
      title: '付款（财政资金按预算支付；企业可在线支付或线下转账）',
      paragraphs: [
        '合同金额包含乙方完成本合同服务的全部费用。',
        facts.hasMilestones ? '合同金额按本合同所列付款节点及比例分期支付。' : '合同金额一次支付。',
        `甲方应在验收通过之日起 ${terms.paymentDays} 日内付清合同款项。`,
        paymentWays[facts.funding],
      ],
    },
    {
      title: '违约责任（逾期、拒签计入信用记录）',
      paragraphs: [
        '中选机构拒绝签订本合同，或在签约期限内未签订的，平台记录其拒签或逾期未签，计入其信用记录。',
        '乙方超过服务期限交付成果的，平台记录逾期，计入其信用记录；甲方逾期付款的，平台记录其逾期付款。',
        '其他违约责任依照《中华人民共和国民法典》等法律法规承担。',
      ],
    },
    {
      title: '争议解决',
      paragraphs: [
        '双方因履行本合同发生争议的，应协商解决；协商不成的，可向平台监管部门反映，或依法向项目所在地有管辖权的人民法院提起诉讼。',
      ],
    },
    {
      title: '其他',
      paragraphs: [
        `本合同由平台根据最终中选结果生成，双方应在 ${terms.signWorkdays} 个工作日内在线签订，经双方在线签订后生效，签订人和签订时间以平台记录为准。`,
        '履约中的暂停计时、延期、成果提交、验收、付款等事项均在平台办理并留痕，平台记录是本合同的组成部分。',
        `验收通过后，甲方可在 ${terms.evaluationWorkdays} 个工作日内在平台评价乙方的服务，评价计入乙方的信用记录。`,
        '本合同的打印件或下载件与平台记录不一致的，以平台记录为准。',
      ],
    },
  ]
}
