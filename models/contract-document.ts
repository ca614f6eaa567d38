import { asc, eq, inArray } from 'drizzle-orm'
import { platformNow } from './clock.ts'
import { requireContractViewer } from './contract-access.ts'
import { contractTerms } from './contract-terms.ts'
import type { Ctx } from './context.ts'
import { contractLink } from './contracts.ts'
import { contractMilestones } from './db/schema-contracts.ts'
import { projects } from './db/schema-procedures.ts'
import { organisations, serviceItems, users } from './db/schema.ts'
import { regionLabel } from './regions.ts'
import { chineseCapitalAmount } from './rules/chinese-amount.ts'
import { CONTRACT_PREAMBLE, contractClauses, signingNote } from './rules/contract-clauses.ts'
import { type ContractStatus, contractStatusNames } from './rules/contract-states.ts'
import { fenToYuanText } from './rules/money.ts'
import { fundingSourceNames, selectionMethodNames } from './rules/project-states.ts'
import { formatShanghaiDate, formatShanghaiDateTime } from './rules/shanghai-time.ts'

/**
 * Everything the printed contract and its PDF show. The contract is private to its parties
 * (and the approval department and supervisors, who may read it), so unlike any public page
 * it carries each organisation's contact person and phone.
 */
export async function getContractDocument(ctx: Ctx, contractId: string) {
  const facts = await readContractFacts(ctx, contractId)
  return { ...facts, text: printedText(facts) }
}

export type ContractDocument = Awaited<ReturnType<typeof getContractDocument>>

async function readContractFacts(ctx: Ctx, contractId: string) {
  const { contract, viewer } = await requireContractViewer(ctx, contractId)
  const [project] = await ctx.db
    .select({
      id: projects.id,
      title: projects.title,
      regionCode: projects.regionCode,
      location: projects.location,
      method: projects.method,
      awardedAt: projects.awardedAt,
      awardFinalAt: projects.awardFinalAt,
    })
    .from(projects)
    .where(eq(projects.id, contract.projectId))
  const [item] = await ctx.db
    .select({
      code: serviceItems.code,
      name: serviceItems.name,
      legalBasis: serviceItems.legalBasis,
      servesApproval: serviceItems.servesApproval,
      department: serviceItems.department,
    })
    .from(serviceItems)
    .where(eq(serviceItems.code, contract.serviceItemCode))
  const parties = await ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      uscc: organisations.uscc,
      legalRepresentative: organisations.legalRepresentative,
      address: organisations.address,
      contactName: organisations.contactName,
      contactPhone: organisations.contactPhone,
    })
    .from(organisations)
    .where(inArray(organisations.id, [contract.buyerId, contract.agencyId]))
  const signerIds = [contract.buyerSignedBy, contract.agencySignedBy].filter(
    (id): id is string => id !== null,
  )
  const signers =
    signerIds.length === 0
      ? []
      : await ctx.db
          .select({ id: users.id, name: users.name })
          .from(users)
          .where(inArray(users.id, signerIds))
  const milestones = await ctx.db
    .select()
    .from(contractMilestones)
    .where(eq(contractMilestones.contractId, contract.id))
    .orderBy(asc(contractMilestones.seq))
  if (!project || !item) throw new Error(`contract ${contract.id} has lost its project or item`)

  const party = (id: string) => {
    const row = parties.find((p) => p.id === id)
    if (!row) throw new Error(`contract ${contract.id} has lost party ${id}`)
    const { id: _id, ...rest } = row
    return rest
  }
  const signature = (at: Date | null, by: string | null) => ({
    signedAt: at,
    signedBy: at ? (signers.find((s) => s.id === by)?.name ?? '') : null,
  })
  const inForce = contract.buyerSignedAt !== null && contract.agencySignedAt !== null
  return {
    id: contract.id,
    number: contract.number,
    status: contract.status,
    statusName: contractStatusNames[contract.status],
    viewer,
    link: contractLink(contract.id),
    inForce,
    title: contract.title,
    scope: contract.scope,
    project: { id: project.id, title: project.title, link: `/projects/${project.id}` },
    item,
    place: {
      regionCode: project.regionCode,
      regionName: regionLabel(project.regionCode),
      location: project.location,
    },
    buyer: party(contract.buyerId),
    agency: party(contract.agencyId),
    amountFen: contract.amountFen,
    amountInCapitals: chineseCapitalAmount(contract.amountFen),
    funding: contract.funding,
    fundingName: fundingSourceNames[contract.funding],
    timeLimitWorkdays: contract.timeLimitWorkdays,
    extendedWorkdays: contract.extendedWorkdays,
    milestones: milestones.map((m) => ({
      seq: m.seq,
      name: m.name,
      sharePercent: m.shareBasisPoints / 100,
      amountFen: m.amountFen,
    })),
    selection: {
      method: project.method,
      methodName: selectionMethodNames[project.method],
      /** 1 for the winner; higher when the contract passed down the ranking after a refusal. */
      rank: contract.rank,
      awardedAt: project.awardedAt,
      awardFinalAt: project.awardFinalAt,
    },
    createdAt: contract.createdAt,
    signDueAt: contract.signDueAt,
    signatures: {
      buyer: signature(contract.buyerSignedAt, contract.buyerSignedBy),
      agency: signature(contract.agencySignedAt, contract.agencySignedBy),
    },
    endedAt: contract.endedAt,
    endReason: contract.endReason,
    preamble: CONTRACT_PREAMBLE,
    clauses: contractClauses({
      terms: contractTerms(),
      funding: contract.funding,
      timeLimitWorkdays: contract.timeLimitWorkdays,
      hasMilestones: milestones.length > 0,
    }),
    /** When this copy was produced, by the platform's clock. */
    printedAt: await platformNow(ctx.db),
  }
}

type DocumentFacts = Awaited<ReturnType<typeof readContractFacts>>

const orDash = (text: string) => text.trim() || '—'
const yuan = (fen: number) => `¥${fenToYuanText(fen)}`

function signatureText(
  signature: { signedAt: Date | null; signedBy: string | null },
  status: ContractStatus,
) {
  if (signature.signedAt)
    return {
      signed: true,
      state: `已于 ${formatShanghaiDateTime(signature.signedAt)} 在线签订`,
      signer: `签订人：${signature.signedBy}`,
    }
  const state = status === 'refused' || status === 'lapsed' ? '未签订' : '待签'
  return { signed: false, state, signer: null }
}

function statusNote(doc: DocumentFacts) {
  if (!doc.inForce) return `本合同${doc.statusName}，尚未生效`
  if (doc.status !== 'cancelled') return null
  const on = doc.endedAt ? `于 ${formatShanghaiDate(doc.endedAt)} ` : ''
  return `本合同已${on}解除${doc.endReason ? `：${doc.endReason}` : ''}`
}

/** The document's lines as printed, shared by the print page and the PDF so they never differ. */
function printedText(doc: DocumentFacts) {
  const { selection, place } = doc
  // A direct selection has no publicity: the invited agency's acceptance is final at once.
  const awarded =
    selection.method === 'direct'
      ? [selection.awardedAt && `直接选取结果于 ${formatShanghaiDate(selection.awardedAt)} 确定`]
      : [
          selection.awardedAt && `中选结果于 ${formatShanghaiDate(selection.awardedAt)} 公示`,
          selection.awardFinalAt && `${formatShanghaiDate(selection.awardFinalAt)} 生效`,
        ].filter(Boolean)
  const facts: [string, string][] = [
    ['项目名称', doc.project.title],
    ['项目编号', doc.project.id],
    ['服务事项', `${doc.item.code} ${doc.item.name}`],
    ['设立依据', doc.item.legalBasis],
    ['服务的审批事项', `${doc.item.servesApproval}（${doc.item.department}）`],
    ['服务地点', place.location ? `${place.regionName}（${place.location}）` : place.regionName],
    ['服务范围', doc.scope],
    ['合同金额', `人民币（大写）${doc.amountInCapitals}（${yuan(doc.amountFen)}）`],
    ['资金来源', doc.fundingName],
    [
      '服务期限',
      `${doc.timeLimitWorkdays} 个工作日` +
        (doc.extendedWorkdays > 0 ? `（经甲方同意延长 ${doc.extendedWorkdays} 个工作日）` : ''),
    ],
    [
      '选取方式',
      [
        selection.methodName,
        awarded.join('，'),
        selection.rank > 1 ? `排名在前的机构未签订合同，由排名第 ${selection.rank} 的机构递补` : '',
      ]
        .filter(Boolean)
        .join('；'),
    ],
    ['签约期限', `双方应于 ${formatShanghaiDateTime(doc.signDueAt)} 前在线签订`],
  ]
  const partyRows: [string, string, string][] = (
    [
      ['名称', 'name'],
      ['统一社会信用代码', 'uscc'],
      ['法定代表人', 'legalRepresentative'],
      ['地址', 'address'],
      ['联系人', 'contactName'],
      ['联系电话', 'contactPhone'],
    ] as const
  ).map(([label, key]) => [label, orDash(doc.buyer[key]), orDash(doc.agency[key])])
  return {
    facts: facts.map(([label, value]) => ({ label, value: orDash(value) })),
    partyRows: partyRows.map(([label, buyer, agency]) => ({ label, buyer, agency })),
    milestoneRows: doc.milestones.map((m) => ({
      seq: String(m.seq),
      name: m.name,
      share: `${m.sharePercent}%`,
      amount: yuan(m.amountFen),
    })),
    signatures: {
      buyer: signatureText(doc.signatures.buyer, doc.status),
      agency: signatureText(doc.signatures.agency, doc.status),
    },
    /** Not in force (yet), or ended: said at the top so a print is not mistaken for a live contract. */
    statusNote: statusNote(doc),
    signingNote: signingNote(doc.inForce),
    printedAt: formatShanghaiDateTime(doc.printedAt),
  }
}
