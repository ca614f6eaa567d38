import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { contractTerms } from './contract-terms.ts'
import { endWithoutSignature } from './contract-signing.ts'
import { recordOverdue } from './contract-service.ts'
import { type Contract, contractLink, recordCreditEvent, setContractStatus } from './contracts.ts'
import type { Database } from './db/client.ts'
import { contracts } from './db/schema-contracts.ts'
import { inTransaction } from './db/transaction.ts'
import { logger } from './logger.ts'
import { notifyOrganisations } from './notifications.ts'
import { recordProjectStep } from './project-events.ts'
import { shanghaiDate } from './rules/qualifications.ts'
import { readContractClock, writeServiceClock } from './service-clock.ts'
import { loadWorkdayCalendar } from './workday-calendar.ts'

export interface ContractTickReport {
  signingLapsed: number
  buyerSignLate: number
  reminders: number
  overdue: number
}

/**
 * The contracts' share of the procedure clock: signing periods that ran out, reminders three
 * working days before a service limit, limits passed. Each contract is locked and re-checked,
 * and every step is recorded once, however many instances run it.
 */
export async function runContractClock(db: Database): Promise<ContractTickReport> {
  const report: ContractTickReport = {
    signingLapsed: 0,
    buyerSignLate: 0,
    reminders: 0,
    overdue: 0,
  }
  const now = await platformNow(db)

  const unsigned = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.status, 'signing'), lte(contracts.signDueAt, now)))
  for (const { id } of unsigned)
    await withDueContract(db, id, async (tx, contract, at) => {
      if (contract.status !== 'signing' || contract.signDueAt > at) return
      if (!contract.agencySignedAt) {
        const summary = `中选机构未在签约期限（${shanghaiDate(contract.signDueAt)}）内签订合同`
        await setContractStatus(tx, contract, 'lapsed', at, { endedAt: at, endReason: summary })
        await endWithoutSignature(tx, contract, 'sign_lapsed', summary, at)
        await recordProjectStep(tx, {
          projectId: contract.projectId,
          actorUserId: null,
          action: 'contract.lapsed',
          summary: `${summary}，合同 ${contract.number} 失效`,
        })
        report.signingLapsed++
      } else if (!contract.buyerSignedAt) {
        // The agency kept its side: the contract stays open for the buyer, whose lateness is recorded.
        const first = await recordCreditEvent(
          tx,
          {
            organisationId: contract.buyerId,
            kind: 'buyer_sign_late',
            contractId: contract.id,
            projectId: contract.projectId,
            summary: `采购人未在签约期限内签订合同 ${contract.number}`,
          },
          at,
        )
        if (first) report.buyerSignLate++
      }
    })

  const calendar = await loadWorkdayCalendar(db)
  const terms = contractTerms()
  // Due within the reminder window (or past it): the exact reading decides below.
  let horizon = shanghaiDate(now)
  for (let i = 0; i < terms.reminderWorkdays; i++) horizon = calendar.nextWorkday(horizon)
  const running = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.status, 'in_service'),
        isNotNull(contracts.dueDate),
        lte(contracts.dueDate, horizon),
        isNull(contracts.overdueAt),
      ),
    )
  for (const { id } of running)
    await withDueContract(db, id, async (tx, contract, at) => {
      if (contract.status !== 'in_service' || contract.overdueAt) return
      const clock = await readContractClock(tx, contract, at)
      if (!clock || clock.paused) return
      if (clock.overdue) {
        await recordOverdue(tx, contract, at, clock.usedWorkdays - clock.allowedWorkdays)
        await notifyOrganisations(tx, [contract.buyerId, contract.agencyId], {
          kind: 'contract.overdue',
          title: `合同 ${contract.number} 已超过服务时限`,
          body: `服务时限于 ${clock.dueDate} 届满，成果尚未交付。逾期将计入承接机构信用记录。`,
          link: contractLink(contract.id),
        })
        await recordProjectStep(tx, {
          projectId: contract.projectId,
          actorUserId: null,
          action: 'contract.overdue',
          summary: `服务时限已于 ${clock.dueDate} 届满，成果尚未交付`,
        })
        report.overdue++
      } else if (!contract.reminderSentAt && clock.remainingWorkdays <= terms.reminderWorkdays) {
        await tx.update(contracts).set({ reminderSentAt: at }).where(eq(contracts.id, contract.id))
        await notifyOrganisations(tx, [contract.buyerId, contract.agencyId], {
          kind: 'contract.reminder',
          title: `合同 ${contract.number} 还剩 ${clock.remainingWorkdays} 个工作日`,
          body: `服务时限于 ${clock.dueDate} 届满，请承接机构按期交付成果。`,
          link: contractLink(contract.id),
        })
        report.reminders++
      }
      await writeServiceClock(tx, contract, at)
    })
  return report
}

async function withDueContract(
  db: Database,
  id: string,
  work: (tx: Database, contract: Contract, now: Date) => Promise<void>,
) {
  try {
    await inTransaction(db, async (tx) => {
      const [contract] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update')
      if (!contract) return
      await work(tx, contract, await platformNow(tx))
    })
  } catch (error) {
    logger.error({ err: error, contractId: id }, 'contract clock step failed')
  }
}
