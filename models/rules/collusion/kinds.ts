import type { CollusionKind, FlagSide } from './types.ts'

/** Names and one-line explanations of each screen, for supervisors (shared with the browser). */
export const collusionKindNames: Record<CollusionKind, string> = {
  identical_prices: '报价相同或近乎相同',
  shared_submission: '同一网络地址或设备提交',
  shared_identity: '登记信息相同',
  rotation: '轮流中选',
  cover_bidding: '陪标（落选价总略高于中选价）',
  low_spread: '报价离散度低、最低价突出',
  buyer_concentration: '采购人集中授予同一机构',
  buyer_cancel_after_opening: '开标后撤销',
  buyer_rejects_all_but_one: '否决除一家外的全部报价',
  buyer_late_payment: '逾期付款',
}

export const collusionKindHints: Record<CollusionKind, string> = {
  identical_prices: '两家机构报出偶然极难相同的同一价格，或多次报出几乎相同的价格。',
  shared_submission: '不同机构的报价来自同一浏览器或同一网络地址。',
  shared_identity: '相互竞争的机构登记了相同的电话、邮箱、地址、法定代表人或执业人员证书。',
  rotation: '一组机构经常同场竞争，几乎总是由组内机构中选，且轮流中选、很少连续。',
  cover_bidding: '某机构在另一机构中选的项目里，报价总是只比中选价高一点。',
  low_spread: '项目报价的变异系数低而最低价与次低价差距大（Imhof 筛查），且同一组机构反复出现。',
  buyer_concentration: '采购人授予某机构的次数远多于该机构在其他采购人处的中选率所能解释的。',
  buyer_cancel_after_opening: '采购人在报价公开后多次撤销项目，明显多于其他采购人。',
  buyer_rejects_all_but_one: '采购人以不采纳说明或低质量分否决了除一家以外的全部有效报价。',
  buyer_late_payment: '采购人逾期付款的合同比例明显高于其他采购人。',
}

export const flagSideNames: Record<FlagSide, string> = {
  agencies: '机构',
  buyer: '采购人',
}

export const flagStatuses = ['open', 'confirmed', 'dismissed'] as const
export type FlagStatus = (typeof flagStatuses)[number]

export const flagStatusNames: Record<FlagStatus, string> = {
  open: '待处理',
  confirmed: '已认定',
  dismissed: '已排除',
}

/** Flags a page of the supervisors' queue. */
export const FLAGS_PER_PAGE = 30
