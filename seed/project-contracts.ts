import type { Actor } from '../models/context.ts'
import { decideExtension, requestExtension } from '../models/contract-changes.ts'
import {
  decideDelivery,
  pauseForOwner,
  resumeService,
  submitDelivery,
} from '../models/contract-service.ts'
import { offerToNextRanked, refuseContract, signContract } from '../models/contract-signing.ts'
import { type Contract, currentContractOf } from '../models/contracts.ts'
import { rateContract, replyToEvaluation } from '../models/evaluations.ts'
import { loadPaymentUnits, recordBudgetPayment, recordOfflineTransfer } from '../models/payments.ts'
import type { ContractStatus } from '../models/rules/contract-states.ts'
import { shanghaiDate } from '../models/rules/qualifications.ts'
import { evaluations } from '../models/db/schema-contracts.ts'
import { ValidationError } from '../models/errors.ts'
import { eq } from 'drizzle-orm'
import type { ProjectRun } from './project-run.ts'
import { at, type PlanContext } from './project-shape.ts'
import {
  deliveryNotes,
  evaluationComments,
  pauseReasons,
  refusalReasons,
  replies,
  returnReasons,
} from './contract-texts.ts'

/**
 * After a final award, the contract's story by the real operations: both sign, the agency
 * delivers (now and then after a pause for the buyer, an extension or a returned first
 * round), the buyer accepts, pays (a budget record or an offline transfer) and rates. Steps
 * that would fall after today are not scheduled, so recent awards stop part-way, as on a
 * platform in use. Each step re-reads the contract and does nothing if it is not where the
 * script expects (an award that never became final, say).
 */
export function scheduleContract(c: PlanContext, run: ProjectRun, finalDay: number) {
  const f = c.env.f
  const last = c.grid.last
  let day = finalDay + f.number.int({ min: 0, max: 2 })
  const when = (d: number, from = 9, to = 17) => (d <= last ? at(c, d, from, to) : null)
  const step = (
    d: number,
    what: string,
    work: (contract: Contract, moment: Date) => Promise<unknown>,
    from = 9,
    to = 17,
  ) => {
    const moment = when(d, from, to)
    if (!moment) return false
    run.step(moment, `contract: ${what}`, async () => {
      const contract = await currentContractOf(c.env.db, run.projectId())
      if (contract) await work(contract, moment)
    })
    return true
  }
  const agencyOf = (contract: Contract): Actor | null =>
    c.env.agencies.get(contract.agencyId)?.actor ?? null
  const as = (actor: Actor) => ({ db: c.env.db, actor })
  const buyer = as(run.buyer.actor)
  const inState = (contract: Contract, ...states: ContractStatus[]) =>
    states.includes(contract.status)

  if (f.datatype.boolean(0.06)) {
    // The winner declines; the buyer turns to the next-ranked agency the day after.
    if (
      !step(
        day,
        'refusal',
        async (k) => {
          const agency = agencyOf(k)
          if (agency && inState(k, 'signing'))
            await refuseContract(as(agency), k.id, f.helpers.arrayElement(refusalReasons))
        },
        9,
        11,
      )
    )
      return
    day += 1
    if (
      !step(
        day,
        'next-ranked',
        async () => offerToNextRanked(buyer, run.projectId()).catch(() => null),
        9,
        11,
      )
    )
      return
  }
  if (
    !step(
      day,
      'agency signs',
      async (k) => {
        const agency = agencyOf(k)
        if (agency && inState(k, 'signing') && !k.agencySignedAt)
          await signContract(as(agency), k.id)
      },
      12,
      14,
    )
  )
    return
  day += f.number.int({ min: 0, max: 1 })
  if (
    !step(
      day,
      'buyer signs',
      async (k) => {
        if (inState(k, 'signing') && !k.buyerSignedAt) await signContract(buyer, k.id)
      },
      15,
      17,
    )
  )
    return

  const limit = run.draft.item.timeLimitWorkdays
  let work = Math.max(2, Math.round(limit * f.number.float({ min: 0.25, max: 0.8 })))
  if (f.datatype.boolean(0.05)) work = limit + f.number.int({ min: 1, max: 3 })
  if (f.datatype.boolean(0.12)) {
    // Within the limit: once a contract is overdue, no pause may be registered.
    const from = day + f.number.int({ min: 1, max: Math.max(1, Math.min(work, limit) - 2) })
    const to = from + f.number.int({ min: 1, max: 3 })
    step(
      from,
      'pause',
      async (k) => {
        const agency = agencyOf(k)
        // Refused if the clock has run out all the same (a holiday the grid did not foresee).
        if (agency && inState(k, 'in_service'))
          await pauseForOwner(as(agency), k.id, f.helpers.arrayElement(pauseReasons)).catch(
            (error: unknown) => {
              if (!(error instanceof ValidationError)) throw error
            },
          )
      },
      9,
      11,
    )
    step(
      to,
      'resume',
      async (k) => {
        if (inState(k, 'in_service')) await resumeService(buyer, k.id).catch(() => null)
      },
      9,
      11,
    )
    work += to - from + 1
  }
  if (f.datatype.boolean(0.05)) {
    const ask = day + Math.max(1, work - 3)
    step(
      ask,
      'extension',
      async (k) => {
        const agency = agencyOf(k)
        if (agency && inState(k, 'in_service'))
          await requestExtension(as(agency), k.id, {
            workdays: 5,
            reason: '需补充现场监测数据，申请延期 5 个工作日',
          })
      },
      9,
      11,
    )
    step(
      ask,
      'extension decision',
      async (k) => {
        await decideExtension(buyer, k.id, { approve: true, reason: '理由充分，同意延期' }).catch(
          () => null,
        )
      },
      15,
      17,
    )
  }
  day += work
  const deliver = (d: number, note: string) =>
    step(
      d,
      'delivery',
      async (k) => {
        const agency = agencyOf(k)
        if (agency && inState(k, 'in_service'))
          await submitDelivery(as(agency), k.id, { note, uploadIds: [] })
      },
      9,
      12,
    )
  if (!deliver(day, f.helpers.arrayElement(deliveryNotes))) return
  if (f.datatype.boolean(0.15)) {
    day += 1
    if (
      !step(
        day,
        'return',
        async (k) => {
          if (inState(k, 'delivered'))
            await decideDelivery(buyer, k.id, {
              accept: false,
              reason: f.helpers.arrayElement(returnReasons),
            })
        },
        9,
        12,
      )
    )
      return
    day += f.number.int({ min: 1, max: 3 })
    if (!deliver(day, '已按验收意见修改完善，请再次验收。')) return
  }
  day += f.number.int({ min: 1, max: 2 })
  if (
    !step(
      day,
      'acceptance',
      async (k) => {
        if (inState(k, 'delivered'))
          await decideDelivery(buyer, k.id, { accept: true, reason: '成果符合合同约定，验收通过' })
      },
      14,
      17,
    )
  )
    return

  const payDay = day + f.number.int({ min: 1, max: 10 })
  const rateDay = day + f.number.int({ min: 1, max: 8 })
  step(
    payDay,
    'payment',
    async (k, moment) => {
      if (!inState(k, 'accepted') || k.paidAt) return
      for (const unit of await loadPaymentUnits(c.env.db, k)) {
        if (unit.outstandingFen <= 0) continue
        const input = {
          target: unit.target,
          voucherNumber: `${run.buyer.kind === 'department' ? 'GK' : 'ZZ'}${f.string.numeric(12)}`,
          paidOn: shanghaiDate(moment),
          amountFen: unit.outstandingFen,
        }
        if (run.buyer.kind === 'department')
          await recordBudgetPayment(buyer, k.id, {
            ...input,
            budgetLine: `${k.createdAt.getFullYear()}年部门预算·专项业务费`,
          })
        else await recordOfflineTransfer(buyer, k.id, input)
      }
    },
    10,
    16,
  )
  if (f.datatype.boolean(0.9))
    step(
      rateDay,
      'evaluation',
      async (k) => {
        if (!inState(k, 'accepted') || k.evaluatedAt) return
        const score = () =>
          f.helpers.weightedArrayElement([
            { weight: 6, value: 5 },
            { weight: 3, value: 4 },
            { weight: 1, value: 3 },
          ])
        await rateContract(buyer, k.id, {
          quality: score(),
          timeliness: score(),
          attitude: score(),
          fees: score(),
          conduct: score(),
          comment: f.helpers.arrayElement(evaluationComments),
        })
      },
      14,
      17,
    )
  if (f.datatype.boolean(0.3))
    step(
      rateDay + 1,
      'reply',
      async (k) => {
        const agency = agencyOf(k)
        const [rating] = await c.env.db
          .select({ id: evaluations.id })
          .from(evaluations)
          .where(eq(evaluations.contractId, k.id))
        if (agency && rating)
          await replyToEvaluation(as(agency), rating.id, f.helpers.arrayElement(replies))
      },
      9,
      12,
    )
}
