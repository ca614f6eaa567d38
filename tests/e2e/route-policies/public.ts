import {
  type RoutePolicy,
  anId,
  everyone,
  fixed,
  open,
  organisations,
  roleList,
  signedIn,
  signedInRoles,
} from './helpers.ts'

/** Pages anyone may read, accounts, the directory, agencies’ public pages, complaints, credit and the test and bench routes. */
export const publicPolicies: Record<string, RoutePolicy> = {
  'routes/_index': { path: fixed('/'), get: open },
  'routes/$': { path: fixed('/no-such-page'), get: everyone('notFound') },
  'routes/api.$': { path: fixed('/api/v1/no-such-list'), get: everyone('notFound') },

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

  'routes/account.members': {
    path: fixed('/account/members'),
    get: { ...signedIn, supervisor: 'forbidden' },
    post: [
      {
        what: "add a member to the actor's organisation",
        admitted: organisations,
        fields: () => ({ name: '冒充者', phone: '13912345679', password: 'Impostor-2026x' }),
        admittedFields: () => ({ name: '冒充者' }),
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
}
