import { randomUUID } from 'node:crypto'
import {
  type RoutePolicy,
  anId,
  everyone,
  fixed,
  open,
  roleList,
  serviceItemFields,
  supervisorOnly,
} from './helpers.ts'

/** The supervisor console, stored files and Stripe’s webhook. */
export const supervisorPolicies: Record<string, RoutePolicy> = {
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
  'routes/supervisor.organisations.$id_.accounts': {
    path: (ids) => `/supervisor/organisations/${ids.agencyB}/accounts`,
    get: supervisorOnly,
    post: [
      {
        what: "reset a password of agency B's",
        admitted: ['supervisor'],
        fields: () => ({
          intent: 'resetPassword',
          userId: randomUUID(),
          password: 'Impostor-2026x',
        }),
        admittedFields: () => ({ intent: 'resetPassword', userId: randomUUID(), password: '' }),
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

  // A logo is public; who may fetch private files is tested in upload-access.test.ts.
  'routes/uploads.$id': { path: (ids) => `/uploads/${ids.logoUpload}`, get: open },
  // Stripe's webhook: checked by signature, not by session; 503 here (Stripe not configured).
  'routes/webhooks.stripe': {
    path: fixed('/webhooks/stripe'),
    get: everyone('methodNotAllowed'),
    post: [{ what: 'send a webhook', admitted: roleList, fields: () => ({}), admittedStatus: 503 }],
  },
}
