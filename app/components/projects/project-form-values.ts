import { fenToYuanText } from '#models/rules/money.ts'
import { toShanghaiDateTimeInput } from '#models/validation/projects.ts'

interface DraftLike {
  serviceItemCode: string
  title: string
  scope: string
  regionCode: string
  location: string
  budgetCapFen: number
  funding: string
  method: string
  deadlineAt: Date | string
  publicityWorkdays: number
  weightPrice: number | null
  weightQuality: number | null
  weightCredit: number | null
  abnormalLowPercent: number
  directAgencyId: string | null
}

/** A stored draft as the form's typed values. */
export function draftFormValues(draft: DraftLike) {
  const text = (n: number | null) => (n == null ? '' : String(n))
  return {
    serviceItemCode: draft.serviceItemCode,
    title: draft.title,
    scope: draft.scope,
    regionCode: draft.regionCode,
    location: draft.location,
    budgetCap: fenToYuanText(draft.budgetCapFen),
    funding: draft.funding,
    method: draft.method,
    deadline: toShanghaiDateTimeInput(new Date(draft.deadlineAt)),
    publicityWorkdays: String(draft.publicityWorkdays),
    weightPrice: text(draft.weightPrice),
    weightQuality: text(draft.weightQuality),
    weightCredit: text(draft.weightCredit),
    abnormalLowPercent: String(draft.abnormalLowPercent),
    directAgencyId: draft.directAgencyId ?? '',
  }
}
