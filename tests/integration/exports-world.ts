// Supervision records for the export and privacy tests: complaints answered and open, a
// finding the agency replied to, blacklist entries current, lifted and ended in an exit,
// and a 双随机 plan drawn with results. Shared by exports.test.ts and public-privacy.test.ts.
import { eq } from 'drizzle-orm'
import { liftBlacklist, blacklistBySupervisor } from '../../models/blacklist.ts'
import { answerComplaint, fileComplaint } from '../../models/complaints.ts'
import { replyToFinding } from '../../models/credit-findings.ts'
import type { Actor } from '../../models/context.ts'
import { blacklistEntries, inspectionTasks } from '../../models/db/schema-credit.ts'
import { createPlan, drawPlan, recordInspectionResult } from '../../models/inspections.ts'
import { as, ITEM, type ProcedureWorld } from './procedure-fixture.ts'

export interface PublicRecords {
  /** Complaint subjects: answered ones are public, the open one is not. */
  answeredSubjects: string[]
  openSubject: string
  /** Grounds are never published; the complainant neither. */
  grounds: string
  findingAgency: Actor
  reply: string
  blacklisted: Actor
  lifted: Actor
  exited: Actor
  planId: string
}

const GROUNDS = '投诉人亲述：该机构要求私下转账，联系人留言称“加我私人微信”。'

/**
 * `agencies` are five agencies that bid on nothing that matters: the blacklist sets bids
 * aside. `complainant` files the complaints; `project` is a published project to complain of.
 */
export async function addPublicRecords(
  world: ProcedureWorld,
  { agencies, complainant, project }: { agencies: Actor[]; complainant: Actor; project: string },
): Promise<PublicRecords> {
  const [findingAgency, blacklisted, lifted, exited, inspected] = agencies
  if (!inspected) throw new Error('addPublicRecords needs five agencies')
  const supervisor = as(world, world.supervisor)

  const aboutAgency = await fileComplaint(as(world, complainant), {
    targetType: 'agency',
    targetOrganisationId: findingAgency!.organisationId,
    subject: '索要额外加急费',
    grounds: GROUNDS,
  })
  const { record } = await answerComplaint(supervisor, aboutAgency.id, {
    outcome: 'substantiated',
    answer: '经核查，投诉反映的情况属实，已责令整改。',
    finding: { summary: '向业主额外收取加急费且未开具发票。' },
  })
  const reply = '加急费系业主书面同意的加急服务费用，发票已补开。'
  await replyToFinding(as(world, findingAgency!), record!.id, reply)
  const aboutProject = await fileComplaint(as(world, complainant), {
    targetType: 'project',
    projectId: project,
    subject: '公告资格条件不合理',
    grounds: GROUNDS,
  })
  await answerComplaint(supervisor, aboutProject.id, {
    outcome: 'unsubstantiated',
    answer: '经调查，公告条件符合规定，投诉不属实。',
  })
  const openSubject = '报告质量存疑待查'
  await fileComplaint(as(world, complainant), {
    targetType: 'agency',
    targetOrganisationId: findingAgency!.organisationId,
    subject: openSubject,
    grounds: GROUNDS,
  })

  const blacklist = (agency: Actor, reason: string, again = false) =>
    blacklistBySupervisor(supervisor, {
      agencyId: agency.organisationId!,
      reason,
      months: 6,
      again,
    })
  await blacklist(blacklisted!, '提供虚假业绩材料，情节严重。')
  await blacklist(lifted!, '拒不履行合同义务。')
  const [entry] = await world.handle.db
    .select({ id: blacklistEntries.id })
    .from(blacklistEntries)
    .where(eq(blacklistEntries.agencyId, lifted!.organisationId!))
  await liftBlacklist(supervisor, { entryId: entry!.id, reason: '原认定经复核撤销。' })
  // Twice on the list within 36 months: removed from the market (清退).
  await blacklist(exited!, '串通报价，第一次列入。')
  await blacklist(exited!, '再次串通报价，第二次列入。', true)

  const { id: planId } = await createPlan(supervisor, {
    title: '2026 年环评中介服务双随机抽查',
    itemCodes: [ITEM],
    categories: [],
    cityCodes: [],
    sampleSize: 2,
    riskWeighted: false,
    inspectorIds: [world.supervisor.userId],
  })
  await drawPlan(supervisor, planId)
  const tasks = await world.handle.db
    .select({ id: inspectionTasks.id })
    .from(inspectionTasks)
    .where(eq(inspectionTasks.planId, planId))
  await recordInspectionResult(supervisor, tasks[0]!.id, { result: 'compliant' })
  return {
    answeredSubjects: [aboutAgency.subject, aboutProject.subject],
    openSubject,
    grounds: GROUNDS,
    findingAgency: findingAgency!,
    reply,
    blacklisted: blacklisted!,
    lifted: lifted!,
    exited: exited!,
    planId,
  }
}
