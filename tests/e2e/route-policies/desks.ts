import { randomUUID } from 'node:crypto'
import {
  type RoutePolicy,
  agencies,
  anId,
  buyers,
  fixed,
  only,
  open,
  organisations,
  signedIn,
} from './helpers.ts'

/** Contracts and each organisation’s own desk. */
export const desksPolicies: Record<string, RoutePolicy> = {
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
}
