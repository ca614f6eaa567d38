import { createHash, randomUUID } from 'node:crypto'
import { type Account, signIn, signUp, WebClient } from './web-client.ts'

/** The six kinds of visitor the authorization matrix asks about. */
export const roles = [
  'public',
  'agencyA',
  'agencyB',
  'department',
  'enterprise',
  'supervisor',
] as const
export type Role = (typeof roles)[number]

/** The things a route's parameters point at, each made over HTTP as a user would. */
export interface WorldIds {
  agencyA: string
  agencyB: string
  department: string
  /** Agency A's offering of SI-002. */
  offeringA: string
  /** The department's published lowest-price project; agency A has bid on it. */
  openProject: string
  /** The department's published lottery project. */
  lotteryProject: string
  /** The department's unpublished draft. */
  draftProject: string
  /** The enterprise's direct selection of agency A, accepted. */
  directProject: string
  /** The contract between the enterprise and agency A, unsigned. */
  contract: string
  inspectionPlan: string
  /** Agency A's logo, by content hash. */
  logoUpload: string
  itemCode: string
  practitionerA: string
  qualificationA: string
  offeringCaseA: string
  /** A supervisor's finding against agency A, waiting for its reply. */
  findingA: string
  /** A message in agency A's inbox. */
  messageA: string
}

/** Things only some roles may ever read, looked for in every answer of the matrix. */
export interface Secret {
  what: string
  text: string
  readers: Role[]
}

export interface World {
  baseUrl: string
  secrets: Secret[]
  clients: Record<Role, WebClient>
  accounts: Record<'agencyA' | 'agencyB' | 'department' | 'enterprise', Account>
  ids: WorldIds
}

const uuidIn = (text: string, prefix: string) => {
  const match = new RegExp(
    `${prefix}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`,
  ).exec(text)
  if (!match) throw new Error(`no ${prefix}/<id> in the text`)
  return match[1]!
}

// A 1×1 PNG.
export const tinyPng = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

/** The form's suggested deadline (Beijing time), read from the new-project page. */
async function suggestedDeadline(client: WebClient) {
  const { body } = await client.text('/projects/new')
  const match = /name="deadline"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="deadline"/.exec(body)
  if (!match) throw new Error('no deadline field on /projects/new')
  return (match[1] ?? match[2])!
}

export async function publishProject(
  client: WebClient,
  fields: Record<string, string>,
  intent: 'publish' | 'draft' = 'publish',
) {
  const location = await client.postExpectingRedirect('/projects/new', {
    serviceItemCode: 'SI-002',
    title: '濮阳市某道路改建工程环境影响报告表编制',
    scope: '编制建设项目环境影响报告表，配合完成技术审查与报批。',
    regionCode: '410902',
    budgetCap: '60000',
    funding: 'budget',
    method: 'lowest_price',
    deadline: await suggestedDeadline(client),
    publicityWorkdays: '3',
    abnormalLowPercent: '70',
    intent,
    ...fields,
  })
  return uuidIn(location, '/projects')
}

export async function createOffering(client: WebClient, itemCode = 'SI-002') {
  const location = await client.postExpectingRedirect('/my/offerings/new', {
    serviceItemCode: itemCode,
    feeKind: 'range',
    feeMin: '10000',
    feeMax: '80000',
    timeLimitDays: '20',
  })
  return uuidIn(location, '/my/offerings')
}

/** The organisation id behind the signed-in agency, from its link to its public page. */
export async function ownAgencyId(client: WebClient) {
  return uuidIn((await client.text('/my/profile')).body, '/agencies')
}

/** A supervisor verifies a department so it may publish; returns the organisation id. */
export async function verifyDepartment(supervisor: WebClient, name: string) {
  let row: string | undefined
  // Oldest first, 20 a page: other test files may have left departments waiting.
  for (let page = 1; !row && page <= 10; page++) {
    const { body } = await supervisor.text(`/supervisor/organisations?tab=departments&page=${page}`)
    row = body.split('<tr').find((r) => r.includes(name))
  }
  if (!row) throw new Error(`department ${name} is not in the verification queue`)
  const id = uuidIn(row, '/supervisor/organisations')
  await supervisor.postExpectingRedirect(`/supervisor/organisations/${id}`, {
    intent: 'verify',
    note: '材料齐全，核验通过。',
  })
  return id
}

/** Places a sealed bid; the answer is the page with its receipt. */
export async function placeBid(client: WebClient, projectId: string, price: string) {
  const response = await client.post(`/projects/${projectId}/bid`, {
    intent: 'bid',
    priceMode: 'amount',
    price,
    timeLimitDays: '15',
    submissionKey: randomUUID(),
  })
  const body = await response.text()
  if (response.status !== 200 || !body.includes('SHA-256'))
    throw new Error(`bid on ${projectId} answered ${response.status} without a receipt`)
  return body
}

/** An enterprise chooses `agencyId` directly and the agency accepts; returns both ids. */
export async function directContract(enterprise: WebClient, agency: WebClient, agencyId: string) {
  const project = await publishProject(enterprise, {
    title: '某食品厂扩建项目环境影响报告表编制',
    funding: 'own',
    method: 'direct',
    budgetCap: '50000',
    directAgencyId: agencyId,
  })
  await agency.postExpectingRedirect(`/projects/${project}/bid`, {
    intent: 'accept',
    price: '36000',
  })
  const contract = uuidIn((await agency.text('/my')).body, '/contracts')
  return { project, contract }
}

/** Builds the world the matrix runs in: four organisations, a supervisor and their things. */
export async function buildWorld(
  baseUrl: string,
  supervisorLogin: { phone: string; password: string },
): Promise<World> {
  const [agencyA, agencyB, department, enterprise, supervisor] = await Promise.all([
    signUp(baseUrl, 'agency'),
    signUp(baseUrl, 'agency'),
    signUp(baseUrl, 'department'),
    signUp(baseUrl, 'enterprise'),
    signIn(baseUrl, supervisorLogin.phone, supervisorLogin.password),
  ])
  const [offeringA, , agencyAId, agencyBId, departmentId] = await Promise.all([
    createOffering(agencyA.client),
    createOffering(agencyB.client),
    ownAgencyId(agencyA.client),
    ownAgencyId(agencyB.client),
    verifyDepartment(supervisor, department.organisationName),
  ])
  const [openProject, lotteryProject, draftProject, inspectionPlan] = await Promise.all([
    publishProject(department.client, {}),
    publishProject(department.client, {
      method: 'lottery',
      title: '某水库除险加固工程环境影响报告表编制',
    }),
    publishProject(department.client, { title: '某污水处理厂提标改造环评（草稿）' }, 'draft'),
    createInspectionPlan(supervisor),
  ])
  // Agency A's records one at a time: on PostgreSQL, a change to its offerings alongside a
  // change that reindexes it (profile, finding) can deadlock — see the report of issue #9.
  const direct = await directContract(enterprise.client, agencyA.client, agencyAId)
  const receipt = await placeBid(agencyA.client, openProject, SEALED_PRICE)
  // The receipt is the one place the price is shown: in the very forms the matrix looks for.
  if (!receipt.includes('43,217') || !receipt.includes('4321700'))
    throw new Error('the receipt does not show the sealed price as the secrets expect')
  const agencyAThings = await agencyRecords(agencyA.client, offeringA)
  const findingA = await recordFinding(supervisor, agencyA)
  const logoUpload = await uploadLogo(agencyA)
  const messageA = /name="id" value="([^"]+)"/.exec((await agencyA.client.text('/inbox')).body)?.[1]
  if (!messageA) throw new Error("no message in agency A's inbox")
  return {
    baseUrl,
    secrets: [
      // Sealed until the deadline: not even the buyer or a supervisor may see it.
      { what: "agency A's sealed price", text: '43,217', readers: ['agencyA'] },
      { what: "agency A's sealed price in fen", text: '4321700', readers: ['agencyA'] },
      { what: "agency A's sign-in phone", text: agencyA.phone, readers: ['agencyA', 'supervisor'] },
      {
        what: "agency A's practitioner's full certificate number",
        text: PRACTITIONER_NUMBER,
        readers: ['agencyA', 'supervisor'],
      },
    ],
    clients: {
      public: new WebClient(baseUrl),
      agencyA: agencyA.client,
      agencyB: agencyB.client,
      department: department.client,
      enterprise: enterprise.client,
      supervisor,
    },
    accounts: { agencyA, agencyB, department, enterprise },
    ids: {
      agencyA: agencyAId,
      agencyB: agencyBId,
      department: departmentId,
      offeringA,
      openProject,
      lotteryProject,
      draftProject,
      directProject: direct.project,
      contract: direct.contract,
      inspectionPlan,
      logoUpload,
      itemCode: 'SI-002',
      ...agencyAThings,
      findingA,
      messageA,
    },
  }
}

/** Creates a 双随机 plan; returns a plan on the public list (any will do: all are public). */
async function createInspectionPlan(supervisor: WebClient) {
  const { body } = await supervisor.text('/supervisor/inspections')
  const inspector = /name="inspectorIds"[^>]*value="([^"]+)"/.exec(body)?.[1]
  if (!inspector) throw new Error('no inspector to choose on /supervisor/inspections')
  await supervisor.postExpectingRedirect('/supervisor/inspections', {
    intent: 'create',
    title: '环评类中介服务双随机抽查（授权测试）',
    itemCodes: 'SI-002',
    sampleSize: '1',
    inspectorIds: inspector,
  })
  return uuidIn((await supervisor.text('/inspections')).body, '/inspections')
}

/** A price no other number on any page shares, so a leak of it is unmistakable. */
const SEALED_PRICE = '43217'
const PRACTITIONER_NUMBER = `ZJ${Date.now().toString(36).toUpperCase()}7731`

/** A practitioner, a qualification and a past case for agency A; returns their ids. */
async function agencyRecords(client: WebClient, offeringId: string) {
  await client.postExpectingRedirect('/my/practitioners', {
    name: '张建国',
    certificateType: '环境影响评价工程师',
    certificateNumber: PRACTITIONER_NUMBER,
  })
  await client.postExpectingRedirect('/my/qualifications', {
    type: '其他',
    otherType: '环境监测资质',
    level: '甲级',
    number: `HJ-${Date.now()}`,
    issuer: '河南省生态环境厅',
    validFrom: '2024-01-01',
  })
  await client.postExpectingRedirect(`/my/offerings/${offeringId}`, {
    intent: 'add-case',
    title: '某工业园区规划环评',
    clientName: '濮阳市某园区管委会',
    completedOn: '2024-06-30',
    amount: '120000',
  })
  const idOf = async (path: string, field: string) => {
    const { body } = await client.text(path)
    const id = new RegExp(`name="${field}" value="([0-9a-f-]{36})"`).exec(body)?.[1]
    if (!id) throw new Error(`no ${field} on ${path}`)
    return id
  }
  return {
    practitionerA: await idOf('/my/practitioners', 'id'),
    qualificationA: await idOf('/my/qualifications', 'id'),
    offeringCaseA: await idOf(`/my/offerings/${offeringId}`, 'caseId'),
  }
}

/** A supervisor records a finding against the agency; returns the credit record's id. */
async function recordFinding(supervisor: WebClient, agency: Account) {
  await supervisor.postExpectingRedirect('/supervisor/findings', {
    intent: 'record',
    agency: agency.uscc,
    rule: 'complaint_substantiated',
    summary: '经查，该机构在服务中未按约定时限提交成果。',
  })
  const { body } = await agency.client.text(`/agencies/${await ownAgencyId(agency.client)}/credit`)
  const id = /name="recordId" value="([0-9a-f-]{36})"/.exec(body)?.[1]
  if (!id) throw new Error("no finding to reply to on agency A's credit page")
  return id
}

/** Fills agency A's profile with a logo; returns the logo's upload id. */
export async function uploadLogo(agency: Account) {
  await agency.client.postExpectingRedirect('/my/profile', {
    ...profileFields(agency),
    logo: { name: 'logo.png', type: 'image/png', bytes: tinyPng },
  })
  return createHash('sha256').update(tinyPng).digest('hex')
}

/** The profile form's fields, all valid, for an organisation that signed up as `account`. */
export function profileFields(account: Account, overrides: Record<string, string> = {}) {
  return {
    name: account.organisationName,
    legalRepresentative: account.contactName,
    regionCode: '410902',
    address: '濮阳市华龙区人民路 1 号',
    contactName: account.contactName,
    // A landline: the sign-in phone stays private.
    contactPhone: '0393-8812345',
    contactEmail: account.email ?? '',
    introduction: '',
    ...overrides,
  }
}
