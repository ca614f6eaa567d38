import { randomUUID } from 'node:crypto'
import {
  type RoutePolicy,
  agencies,
  anId,
  buyers,
  draftOf,
  draftOnly,
  everyone,
  fixed,
  only,
  open,
  projectFields,
  roleList,
} from './helpers.ts'

/** Projects: announcements are public; drafts, management and bidding are not. Also statistics. */
export const projectsPolicies: Record<string, RoutePolicy> = {
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
}
