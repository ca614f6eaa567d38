import { randomUUID } from 'node:crypto'
import type { Role, World, WorldIds } from './security-world.ts'
import type { FormFields } from './web-client.ts'

/**
 * Who may do what, declared once for every route of app/routes. The authorization matrix
 * reads the route manifest and fails on any route missing here, so a new page cannot ship
 * without someone deciding who may see it.
 */

/** What a GET answers: 200, a redirect to sign in, 403, 404, 405, or a redirect elsewhere. */
export type Outcome =
  'ok' | 'signin' | 'forbidden' | 'notFound' | 'methodNotAllowed' | { redirect: string }

export type RoleOutcomes = Record<Role, Outcome>

/**
 * One POST tried by every role. The refused ones send `fields`, a valid form, so what stops
 * them is the permission check and not the form's validation: a visitor must be sent to sign
 * in, a signed-in user must get 403 or 404. The admitted ones send `admittedFields` (by
 * default the same) and must not be refused; where a real submission would change shared
 * state, they send a harmless or incomplete form instead.
 */
export interface PostCheck {
  what: string
  admitted: readonly Role[]
  path?: (ids: WorldIds) => string
  fields: (ids: WorldIds) => FormFields
  admittedFields?: (ids: WorldIds) => FormFields
  /**
   * A refusal that answers like a success but changes nothing (marking someone else's
   * message read touches no row); the matrix then checks `unchanged` instead.
   */
  silentRefusal?: { unchanged: (world: World) => Promise<boolean> }
  /** The exact status the admitted get, where it is not an ordinary page or redirect. */
  admittedStatus?: number
}

export interface RoutePolicy {
  /** A concrete URL for the route, with its parameters drawn from the world. */
  path: (ids: WorldIds) => string
  get: RoleOutcomes
  /** More samples of the same route whose answers differ, e.g. an unpublished draft. */
  variants?: { path: (ids: WorldIds) => string; get: RoleOutcomes }[]
  /** Required exactly when the route has an action. */
  post?: PostCheck[]
}

const roleList: readonly Role[] = [
  'public',
  'agencyA',
  'agencyB',
  'department',
  'enterprise',
  'supervisor',
]

const everyone = (outcome: Outcome): RoleOutcomes =>
  Object.fromEntries(roleList.map((r) => [r, outcome])) as RoleOutcomes

const open = everyone('ok')
const signedIn: RoleOutcomes = { ...everyone('ok'), public: 'signin' }
const agencies = ['agencyA', 'agencyB'] as const
const buyers = ['department', 'enterprise'] as const
const organisations = [...agencies, ...buyers] as const
const signedInRoles = [...organisations, 'supervisor'] as const

/** Those roles see the page; other signed-in users get 403, a visitor is sent to sign in. */
function only(...roles: Role[]): RoleOutcomes {
  const outcomes = { ...everyone('forbidden' as Outcome), public: 'signin' as Outcome }
  for (const role of roles) outcomes[role] = 'ok'
  return outcomes
}

const fixed = (path: string) => () => path

/** An unpublished draft exists for its buyer only: everyone else is told there is no such page. */
const draftOnly: RoleOutcomes = { ...everyone('notFound'), department: 'ok' }
const draftOf = (page: string) => ({
  path: (ids: WorldIds) => `/projects/${ids.draftProject}${page}`,
  get: draftOnly,
})
const anId = () => randomUUID()

/** The supervisor-only pages: the same rule for every one of them. */
const supervisorOnly = only('supervisor')

export const routePolicies: Record<string, RoutePolicy> = {
  'routes/_index': { path: fixed('/'), get: open },
  'routes/$': { path: fixed('/no-such-page'), get: everyone('notFound') },

  'routes/account._index': { path: fixed('/account'), get: signedIn },
  'routes/account.password': {
    path: fixed('/account/password'),
    get: signedIn,
    post: [
      {
        what: 'change the password (a wrong current one)',
        admitted: signedInRoles,
        fields: () => ({
          currentPassword: 'Not-the-password-1',
          newPassword: 'Another-password-2',
          confirmPassword: 'Another-password-2',
        }),
      },
    ],
  },

  // The directory and everything an agency publishes are public.
  'routes/agencies._index': { path: fixed('/agencies'), get: open },
  'routes/agencies[.csv]': { path: fixed('/agencies.csv'), get: open },
  'routes/agencies.$id': { path: (ids) => `/agencies/${ids.agencyA}`, get: open },
  'routes/agencies.$id_.credit[.csv]': {
    path: (ids) => `/agencies/${ids.agencyA}/credit.csv`,
    get: open,
  },
  'routes/agencies.$id_.evaluations[.csv]': {
    path: (ids) => `/agencies/${ids.agencyA}/evaluations.csv`,
    get: open,
  },
  'routes/agencies.$id_.credit': {
    path: (ids) => `/agencies/${ids.agencyA}/credit`,
    get: open,
    post: [
      {
        what: "reply to agency A's finding",
        admitted: ['agencyA'],
        fields: (ids) => ({
          intent: 'reply',
          recordId: ids.findingA,
          reply: '本机构已按期提交成果，附寄送记录为证。',
        }),
      },
      {
        what: "appeal agency A's finding",
        admitted: ['agencyA'],
        fields: (ids) => ({
          intent: 'appeal',
          recordId: ids.findingA,
          grounds: '认定所依据的时限计算有误，请求撤销该记录。',
        }),
      },
      {
        what: "decide on agency A's finding",
        admitted: ['supervisor'],
        fields: (ids) => ({
          intent: 'decide',
          recordId: ids.findingA,
          decision: 'withdraw',
          reason: '经复核，认定依据不足，予以撤回。',
        }),
        // Deciding now would close the finding the other checks use.
        admittedFields: (ids) => ({ intent: 'decide', recordId: ids.findingA }),
      },
      {
        what: 'rule on an appeal',
        admitted: ['supervisor'],
        fields: () => ({
          intent: 'rule',
          appealId: anId(),
          ruling: 'upheld',
          reason: '申诉理由成立，撤销原记录。',
        }),
      },
    ],
  },

  // Test builds only (ZJCS_MOVABLE_CLOCK=1); production answers 404 to both methods.
  'routes/api.test.clock': {
    path: fixed('/api/test/clock'),
    get: everyone('notFound'),
    post: [{ what: 'run the procedure clock', admitted: roleList, fields: () => ({}) }],
  },
  'routes/api.v1.inspections.$id': {
    path: (ids) => `/api/v1/inspections/${ids.inspectionPlan}`,
    get: open,
  },
  'routes/api.v1.items._index': { path: fixed('/api/v1/items'), get: open },
  'routes/api.v1.items.$code': { path: (ids) => `/api/v1/items/${ids.itemCode}`, get: open },
  'routes/api.v1.ocds.extension.$': {
    path: fixed('/api/v1/ocds/extension/extension.json'),
    get: open,
  },
  'routes/api.v1.ocds.records.$id': {
    path: (ids) => `/api/v1/ocds/records/ocds-zjcs00-${ids.openProject}`,
    get: open,
    variants: [
      {
        path: (ids) => `/api/v1/ocds/records/ocds-zjcs00-${ids.draftProject}`,
        get: everyone('notFound'),
      },
    ],
  },
  'routes/api.v1.ocds.releases': { path: fixed('/api/v1/ocds/releases'), get: open },
  'routes/api.v1.projects._index': { path: fixed('/api/v1/projects'), get: open },
  'routes/api.v1.projects.$id': {
    path: (ids) => `/api/v1/projects/${ids.openProject}`,
    get: open,
    variants: [
      { path: (ids) => `/api/v1/projects/${ids.draftProject}`, get: everyone('notFound') },
    ],
  },
  'routes/api.v1.search': { path: fixed('/api/v1/search?q=环境'), get: open },

  // `npm run bench:http` only (ENABLE_BENCH_ROUTE=1); 404 everywhere else.
  'routes/bench.bare': { path: fixed('/bench/bare'), get: everyone('notFound') },

  'routes/blacklist': { path: fixed('/blacklist'), get: open },
  'routes/blacklist[.csv]': { path: fixed('/blacklist.csv'), get: open },

  'routes/complaints._index': { path: fixed('/complaints'), get: open },
  'routes/complaints[.csv]': { path: fixed('/complaints.csv'), get: open },
  'routes/complaints.new': {
    path: fixed('/complaints/new'),
    // Supervisors see the page's explanation that they record findings instead.
    get: signedIn,
    post: [
      {
        what: 'file a complaint',
        admitted: organisations,
        fields: (ids) => ({
          targetType: 'agency',
          targetId: ids.agencyA,
          subject: '未按约定时限提交成果',
          grounds: '该机构承诺二十个工作日提交报告，逾期一个月仍未提交。',
        }),
        // Refused before the form is read; the admitted send it incomplete (no complaint filed).
        admittedFields: () => ({ targetType: 'agency' }),
      },
    ],
  },

  // Contracts: the parties and supervisors read them; nobody else.
  'routes/contracts._index': { path: fixed('/contracts'), get: open },
  'routes/contracts[.csv]': { path: fixed('/contracts.csv'), get: open },
  'routes/contracts.$id': {
    path: (ids) => `/contracts/${ids.contract}`,
    get: only('agencyA', 'enterprise', 'supervisor'),
  },
  'routes/contracts.$id._index': {
    path: (ids) => `/contracts/${ids.contract}`,
    get: only('agencyA', 'enterprise', 'supervisor'),
    post: [
      {
        what: 'sign the contract',
        admitted: ['agencyA', 'enterprise'],
        path: (ids) => `/contracts/${ids.contract}?index`,
        fields: () => ({ intent: 'sign' }),
      },
      {
        what: 'deliver the work',
        admitted: ['agencyA'],
        path: (ids) => `/contracts/${ids.contract}?index`,
        fields: () => ({ intent: 'deliver', note: '环境影响报告表（报批稿），请验收。' }),
      },
      {
        what: 'cancel the contract',
        admitted: ['enterprise'],
        path: (ids) => `/contracts/${ids.contract}?index`,
        fields: () => ({ intent: 'cancel', reason: '项目因规划调整终止。' }),
        admittedFields: () => ({ intent: 'cancel' }),
      },
      {
        what: 'refuse to sign',
        admitted: ['agencyA', 'enterprise'],
        path: (ids) => `/contracts/${ids.contract}?index`,
        fields: () => ({ intent: 'refuse', reason: '合同条款与公告不一致。' }),
        admittedFields: () => ({ intent: 'refuse' }),
      },
    ],
  },
  'routes/contracts.$id.evaluation': {
    path: (ids) => `/contracts/${ids.contract}/evaluation`,
    get: only('agencyA', 'enterprise', 'supervisor'),
    post: [
      {
        what: 'rate the service',
        admitted: ['enterprise'],
        fields: () => ({
          intent: 'rate',
          quality: '1',
          timeliness: '1',
          attitude: '1',
          fees: '1',
          conduct: '1',
          comment: '差评',
        }),
      },
      {
        what: "hide an evaluation's comment",
        admitted: ['supervisor'],
        fields: () => ({ intent: 'hide', evaluationId: anId(), reason: '含有个人信息。' }),
      },
    ],
  },
  'routes/contracts.$id.payment': {
    path: (ids) => `/contracts/${ids.contract}/payment`,
    get: only('agencyA', 'enterprise', 'supervisor'),
    post: [
      {
        what: 'record a bank transfer',
        admitted: ['enterprise'],
        fields: () => ({
          intent: 'offline',
          target: 'whole',
          voucherNumber: 'HX20261126001',
          paidOn: '2026-01-05',
          amount: '36000',
        }),
      },
      {
        what: 'record a budget payment',
        // The buyer here is an enterprise: nobody may record a treasury payment.
        admitted: [],
        fields: () => ({
          intent: 'budget',
          target: 'whole',
          budgetLine: '2026-环保-001',
          voucherNumber: 'GK20261126001',
          paidOn: '2026-01-05',
          amount: '36000',
        }),
      },
    ],
  },
  'routes/contracts.$id_.pdf': {
    path: (ids) => `/contracts/${ids.contract}/pdf`,
    get: only('agencyA', 'enterprise', 'supervisor'),
  },
  'routes/contracts.$id_.print': {
    path: (ids) => `/contracts/${ids.contract}/print`,
    get: only('agencyA', 'enterprise', 'supervisor'),
  },

  'routes/credit.rules': { path: fixed('/credit/rules'), get: open },
  'routes/feeds.announcements[.atom]': { path: fixed('/feeds/announcements.atom'), get: open },
  'routes/feeds.results[.atom]': { path: fixed('/feeds/results.atom'), get: open },

  'routes/inbox': {
    path: fixed('/inbox'),
    get: signedIn,
    post: [
      {
        what: "mark agency A's message read",
        admitted: ['agencyA'],
        fields: (ids) => ({ intent: 'read', id: ids.messageA }),
        // Only the reader's own messages are touched: the message must still be unread.
        silentRefusal: {
          unchanged: async (world) => {
            // Newer messages (other tests' announcements) may have pushed it to a later page.
            for (let page = 1; page <= 10; page++) {
              const { body } = await world.clients.agencyA.text(`/inbox?page=${page}`)
              const item = body.split('<li').find((li) => li.includes(world.ids.messageA))
              if (item) return item.includes('value="read"')
            }
            return false
          },
        },
        admittedFields: () => ({ intent: 'read', id: randomUUID() }),
      },
    ],
  },

  'routes/inspections._index': { path: fixed('/inspections'), get: open },
  'routes/inspections[.csv]': { path: fixed('/inspections.csv'), get: open },
  'routes/inspections.$id': { path: (ids) => `/inspections/${ids.inspectionPlan}`, get: open },

  'routes/items._index': { path: fixed('/items'), get: open },
  'routes/items.$code': { path: (ids) => `/items/${ids.itemCode}`, get: open },

  // An organisation's own desk.
  'routes/my._index': { path: fixed('/my'), get: only(...organisations) },
  'routes/my.bids': { path: fixed('/my/bids'), get: only(...agencies) },
  'routes/my.projects': { path: fixed('/my/projects'), get: only(...buyers) },
  'routes/my.offerings._index': { path: fixed('/my/offerings'), get: only(...agencies) },
  'routes/my.offerings.new': {
    path: fixed('/my/offerings/new'),
    get: only(...agencies),
    post: [
      {
        what: 'publish an offering',
        admitted: agencies,
        fields: () => ({
          serviceItemCode: 'SI-003',
          feeKind: 'fixed',
          feeFixed: '20000',
          timeLimitDays: '10',
        }),
        // Both agencies already offer SI-002: refused as a duplicate, nothing published.
        admittedFields: () => ({
          serviceItemCode: 'SI-002',
          feeKind: 'fixed',
          feeFixed: '20000',
          timeLimitDays: '10',
        }),
      },
    ],
  },
  'routes/my.offerings.$id': {
    path: (ids) => `/my/offerings/${ids.offeringA}`,
    get: only('agencyA'),
    post: [
      {
        what: "change agency A's offering",
        admitted: ['agencyA'],
        fields: () => ({
          intent: 'update',
          feeKind: 'fixed',
          feeFixed: '1',
          timeLimitDays: '1',
        }),
      },
      {
        what: "pause agency A's offering",
        admitted: ['agencyA'],
        fields: () => ({ intent: 'pause' }),
        admittedFields: () => ({ intent: 'resume' }),
      },
      {
        what: "add a case to agency A's offering",
        admitted: ['agencyA'],
        fields: () => ({
          intent: 'add-case',
          title: '冒名业绩',
          clientName: '某单位',
          completedOn: '2024-01-01',
        }),
        admittedFields: () => ({ intent: 'add-case' }),
      },
      {
        what: "remove a case from agency A's offering",
        admitted: ['agencyA'],
        fields: (ids) => ({ intent: 'remove-case', caseId: ids.offeringCaseA }),
        admittedFields: () => ({ intent: 'remove-case', caseId: anId() }),
      },
    ],
  },
  'routes/my.practitioners': {
    path: fixed('/my/practitioners'),
    get: only(...agencies),
    post: [
      {
        what: "remove agency A's practitioner",
        admitted: ['agencyA'],
        fields: (ids) => ({ intent: 'remove', id: ids.practitionerA }),
        admittedFields: () => ({ intent: 'remove', id: anId() }),
      },
      {
        what: 'add a practitioner',
        admitted: agencies,
        fields: () => ({
          name: '李四',
          certificateType: '注册测绘师',
          certificateNumber: `CH${Date.now()}`,
        }),
        admittedFields: () => ({ name: '李四' }),
      },
    ],
  },
  'routes/my.qualifications': {
    path: fixed('/my/qualifications'),
    get: only(...agencies),
    post: [
      {
        what: "remove agency A's qualification",
        admitted: ['agencyA'],
        fields: (ids) => ({ intent: 'remove', id: ids.qualificationA }),
        admittedFields: () => ({ intent: 'remove', id: anId() }),
      },
    ],
  },
  'routes/my.profile': {
    path: fixed('/my/profile'),
    get: only(...organisations),
    post: [
      {
        what: 'change the organisation profile',
        admitted: organisations,
        fields: () => ({
          name: '被改名的机构',
          legalRepresentative: '王五',
          regionCode: '410902',
          address: '濮阳市华龙区人民路 1 号',
          contactName: '王五',
          contactPhone: '0393-8812345',
        }),
        admittedFields: () => ({ name: '' }),
      },
    ],
  },

  // Projects: announcements are public; drafts, management and bidding are not.
  'routes/projects._index': { path: fixed('/projects'), get: open },
  'routes/projects[.csv]': { path: fixed('/projects.csv'), get: open },
  'routes/projects.new': {
    path: fixed('/projects/new'),
    get: only(...buyers),
    post: [
      {
        what: 'publish a project',
        admitted: buyers,
        fields: () => projectFields(),
        admittedFields: () => ({ ...projectFields(), title: '' }),
      },
    ],
  },
  'routes/projects.$id._index': {
    path: (ids) => `/projects/${ids.openProject}`,
    get: open,
    variants: [draftOf('')],
  },
  'routes/projects.$id.bid': {
    path: (ids) => `/projects/${ids.openProject}/bid`,
    get: only(...agencies),
    variants: [
      {
        path: (ids) => `/projects/${ids.draftProject}/bid`,
        get: { ...only(...agencies), agencyA: 'notFound', agencyB: 'notFound' },
      },
    ],
    post: [
      {
        what: 'bid',
        admitted: agencies,
        fields: () => ({
          intent: 'bid',
          priceMode: 'amount',
          price: '50000',
          timeLimitDays: '10',
          submissionKey: randomUUID(),
        }),
        admittedFields: () => ({ intent: 'withdraw' }),
      },
      {
        what: "accept the enterprise's invitation to agency A",
        admitted: ['agencyA'],
        path: (ids) => `/projects/${ids.directProject}/bid`,
        fields: () => ({ intent: 'accept', price: '1000' }),
      },
    ],
  },
  'routes/projects.$id.draw': {
    path: (ids) => `/projects/${ids.lotteryProject}/draw`,
    get: open,
    // Not lotteries (the draft and the open project): there is no draw to show, to anyone.
    variants: [
      { path: (ids) => `/projects/${ids.openProject}/draw`, get: everyone('notFound') },
      { path: (ids) => `/projects/${ids.draftProject}/draw`, get: everyone('notFound') },
    ],
  },
  'routes/projects.$id.edit': {
    path: (ids) => `/projects/${ids.draftProject}/edit`,
    get: only('department'),
    post: [
      {
        what: "change the department's draft",
        admitted: ['department'],
        fields: () => ({ ...projectFields(), title: '被他人改写的草稿标题' }),
        admittedFields: () => ({ ...projectFields(), title: '' }),
      },
    ],
  },
  'routes/projects.$id.manage': {
    path: (ids) => `/projects/${ids.openProject}/manage`,
    get: only('department'),
    variants: [{ ...draftOf('/manage'), get: { ...draftOnly, public: 'signin' } }],
    post: [
      {
        what: "cancel the department's project",
        admitted: ['department'],
        fields: () => ({ intent: 'cancel', reason: '需求发生变化，撤销本项目。' }),
        // Publishing a published project is a refused move, not a change.
        admittedFields: () => ({ intent: 'publish' }),
      },
    ],
  },
  'routes/projects.$id.opening': {
    path: (ids) => `/projects/${ids.openProject}/opening`,
    get: open,
    variants: [draftOf('/opening')],
  },
  'routes/projects.$id.qa': {
    path: (ids) => `/projects/${ids.openProject}/qa`,
    get: open,
    variants: [draftOf('/qa')],
    post: [
      {
        what: 'ask a question',
        admitted: agencies,
        fields: () => ({ intent: 'ask', question: '请问是否需要现场踏勘？' }),
        admittedFields: () => ({ intent: 'ask', question: '' }),
      },
      {
        what: 'publish a clarification',
        admitted: ['department'],
        fields: () => ({ intent: 'publish', answer: '冒充采购人发布的补充说明。' }),
        admittedFields: () => ({ intent: 'publish', answer: '' }),
      },
      {
        what: 'answer a question',
        admitted: ['department'],
        fields: () => ({ intent: 'answer', clarificationId: anId(), answer: '冒充采购人答复。' }),
      },
    ],
  },
  'routes/projects.$id.result': {
    path: (ids) => `/projects/${ids.openProject}/result`,
    get: open,
    variants: [draftOf('/result')],
    post: [
      {
        // Only a bidder may object (and only during publicity: agency A is told it is not yet).
        what: 'object to the result',
        admitted: ['agencyA'],
        fields: () => ({ intent: 'file', grounds: '中选机构的报价明显低于成本，请复核。' }),
      },
    ],
  },

  'routes/search._index': { path: fixed('/search?q=环境影响'), get: open },
  'routes/search.suggest': { path: fixed('/search/suggest?q=环'), get: open },

  'routes/signin': {
    path: fixed('/signin'),
    get: { ...everyone({ redirect: '/account' }), public: 'ok' },
    post: [
      {
        // Incomplete, so that no attempt counts against the per-address sign-in limit.
        what: 'sign in (no password)',
        admitted: roleList,
        fields: () => ({ login: '13800000000' }),
      },
    ],
  },
  'routes/signup': {
    path: fixed('/signup'),
    get: { ...everyone({ redirect: '/account' }), public: 'ok' },
    post: [
      { what: 'sign up (incomplete)', admitted: roleList, fields: () => ({ kind: 'agency' }) },
    ],
  },
  // Signing out is tested on its own (http-security): here it would end the sessions.
  'routes/signout': { path: fixed('/signout'), get: open, post: [] },

  'routes/stats': { path: fixed('/stats'), get: open },
  'routes/stats[.]csv': { path: fixed('/stats.csv?table=monthly'), get: open },

  // The supervisor console: supervisors only, every page and every form.
  'routes/supervisor._index': {
    path: fixed('/supervisor'),
    get: supervisorOnly,
    post: [{ what: 'check the audit chain', admitted: ['supervisor'], fields: () => ({}) }],
  },
  'routes/supervisor.blacklist': {
    path: fixed('/supervisor/blacklist'),
    get: supervisorOnly,
    post: [
      {
        what: 'blacklist agency B',
        admitted: ['supervisor'],
        fields: (ids) => ({
          intent: 'blacklist',
          agencyId: ids.agencyB,
          reason: '提供虚假业绩材料。',
          months: '12',
        }),
        admittedFields: (ids) => ({ intent: 'blacklist', agencyId: ids.agencyB }),
      },
      {
        what: 'lift a blacklisting',
        admitted: ['supervisor'],
        fields: () => ({ intent: 'lift', entryId: anId(), reason: '整改到位，提前移出。' }),
      },
    ],
  },
  'routes/supervisor.calendar': {
    path: fixed('/supervisor/calendar'),
    get: supervisorOnly,
    post: [
      {
        what: 'enter a holiday',
        admitted: ['supervisor'],
        fields: () => ({ intent: 'set', date: '2099-10-01', kind: 'holiday', name: '国庆节' }),
        admittedFields: () => ({ intent: 'remove', date: '2099-10-02' }),
      },
    ],
  },
  'routes/supervisor.complaints': {
    path: fixed('/supervisor/complaints'),
    get: supervisorOnly,
    post: [
      {
        what: 'answer a complaint',
        admitted: ['supervisor'],
        fields: () => ({
          complaintId: anId(),
          outcome: 'unsubstantiated',
          answer: '经查，投诉事项不属实。',
        }),
      },
    ],
  },
  'routes/supervisor.findings': {
    path: fixed('/supervisor/findings'),
    get: supervisorOnly,
    post: [
      {
        what: 'record a finding against agency B',
        admitted: ['supervisor'],
        fields: () => ({
          intent: 'record',
          agency: '不存在的机构',
          rule: 'complaint_substantiated',
          summary: '经查，该机构在服务中未按约定时限提交成果。',
        }),
      },
    ],
  },
  'routes/supervisor.flags': {
    path: fixed('/supervisor/flags'),
    get: supervisorOnly,
    post: [
      {
        what: 'rule on a collusion flag',
        admitted: ['supervisor'],
        fields: () => ({ flagId: '999999999', decision: 'dismiss', reason: '报价差异属正常。' }),
      },
    ],
  },
  'routes/supervisor.inspections': {
    path: fixed('/supervisor/inspections'),
    get: supervisorOnly,
    post: [
      {
        what: 'draw an inspection plan',
        admitted: ['supervisor'],
        fields: () => ({ intent: 'draw', planId: anId() }),
      },
      {
        what: 'create an inspection plan',
        admitted: ['supervisor'],
        fields: () => ({
          intent: 'create',
          title: '冒充监管人员的抽查计划',
          sampleSize: '1',
          inspectorIds: anId(),
        }),
      },
    ],
  },
  'routes/supervisor.items._index': { path: fixed('/supervisor/items'), get: supervisorOnly },
  'routes/supervisor.items.new': {
    path: fixed('/supervisor/items/new'),
    get: supervisorOnly,
    post: [
      {
        what: 'add a service item',
        admitted: ['supervisor'],
        fields: () => serviceItemFields(),
        admittedFields: () => ({ ...serviceItemFields(), name: '' }),
      },
    ],
  },
  'routes/supervisor.items.$code': {
    path: (ids) => `/supervisor/items/${ids.itemCode}`,
    get: supervisorOnly,
    post: [
      {
        what: 'retire a service item',
        admitted: ['supervisor'],
        fields: () => ({ _action: 'retire', reason: '该事项已取消。' }),
        // Reinstating an item in force is refused as a no-op.
        admittedFields: () => ({ _action: 'reinstate' }),
      },
    ],
  },
  'routes/supervisor.objections': {
    path: fixed('/supervisor/objections'),
    get: supervisorOnly,
    post: [
      {
        what: 'rule on an objection',
        admitted: ['supervisor'],
        fields: () => ({ objectionId: anId(), ruling: 'dismissed', reason: '质疑理由不成立。' }),
      },
    ],
  },
  'routes/supervisor.organisations._index': {
    path: fixed('/supervisor/organisations'),
    get: supervisorOnly,
  },
  'routes/supervisor.organisations.$id': {
    path: (ids) => `/supervisor/organisations/${ids.agencyB}`,
    get: supervisorOnly,
    post: [
      {
        what: 'suspend agency B',
        admitted: ['supervisor'],
        fields: () => ({ intent: 'suspend', reason: '涉嫌提供虚假材料，暂停待查。' }),
        admittedFields: () => ({ intent: 'verify', note: '核验通过。' }),
      },
    ],
  },
  'routes/supervisor.staff': {
    path: fixed('/supervisor/staff'),
    get: supervisorOnly,
    post: [
      {
        what: 'add a supervisor',
        admitted: ['supervisor'],
        fields: () => ({ name: '冒充者', phone: '13912345678', password: 'Impostor-2026x' }),
        admittedFields: () => ({ name: '冒充者' }),
      },
    ],
  },

  // Stored files are addressed by their SHA-256: whoever has the hash may fetch the file.
  'routes/uploads.$id': { path: (ids) => `/uploads/${ids.logoUpload}`, get: open },
  // Stripe's webhook: checked by signature, not by session; 503 here (Stripe not configured).
  'routes/webhooks.stripe': {
    path: fixed('/webhooks/stripe'),
    get: everyone('methodNotAllowed'),
    post: [{ what: 'send a webhook', admitted: roleList, fields: () => ({}), admittedStatus: 503 }],
  },
}

function projectFields(): Record<string, string> {
  return {
    serviceItemCode: 'SI-002',
    title: '某工业园区污水管网工程环境影响报告表编制',
    scope: '编制建设项目环境影响报告表，配合完成技术审查与报批。',
    regionCode: '410902',
    budgetCap: '60000',
    funding: 'budget',
    method: 'lowest_price',
    deadline: '2099-12-01T10:00',
    publicityWorkdays: '3',
    abnormalLowPercent: '70',
    intent: 'draft',
  }
}

function serviceItemFields(): Record<string, string> {
  return {
    code: 'SI-999',
    name: '冒充监管人员新增的事项',
    category: '生态环境',
    department: '生态环境局',
    servesApproval: '建设项目环境影响评价审批',
    legalBasis: '《中华人民共和国环境影响评价法》',
    feeType: '市场调节价',
    feeStandard: '按合同约定',
    timeLimitWorkdays: '20',
    conditions: '具备相应能力',
    workflow: '受理、编制、提交',
  }
}
