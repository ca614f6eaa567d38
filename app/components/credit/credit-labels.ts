import type { RecordWhy } from '#models/credit-queries.ts'

// Pure labels for credit records, safe for the browser bundle (the import above is a type).

export const recordWhyNames: Record<RecordWhy, string> = {
  counted: '已计入',
  capped: '已封顶，不再计分',
  'partly capped': '部分计入（已达封顶）',
  expired: '已过期，不再计分',
  'awaiting reply': '待陈述意见，暂不计分',
  'awaiting decision': '已陈述意见，待监管部门决定',
  'reply closed': '陈述期已满，即将生效',
  reversed: '已撤销（申诉成立）',
  withdrawn: '已撤回（监管部门撤回认定）',
}

export const recordWhyBadge: Record<RecordWhy, string> = {
  counted: 'badge badge--ok',
  capped: 'badge',
  'partly capped': 'badge',
  expired: 'badge',
  'awaiting reply': 'badge badge--warn',
  'awaiting decision': 'badge badge--warn',
  'reply closed': 'badge badge--warn',
  reversed: 'badge',
  withdrawn: 'badge',
}

export const sourceTypeNames: Record<string, string> = {
  contract: '服务合同',
  evaluation: '服务评价',
  objection: '质疑裁决',
  complaint: '投诉查处',
  inspection: '双随机抽查',
  collusion: '串通筛查',
  supervisor: '监管部门检查',
}

export const sourceName = (type: string) => sourceTypeNames[type] ?? type

/** +3, −5, 0: points with their sign, the way the rule table writes them. */
export const signedPoints = (points: number) =>
  points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0'
