import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, supervisor } from './browser.ts'
import {
  createOffering,
  directContract,
  ownAgencyId,
  profileFields,
  publishProject,
  verifyDepartment,
} from './security-world.ts'
import { type Account, signIn, signUp, WebClient } from './web-client.ts'
import { fakePhone } from '../../seed/factories.ts'

/** What an attacker types: tags, attribute breakouts, a script URL, a template, CJK with markup. */
const corpus = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '</textarea><svg onload=alert(1)>',
  '{{7*7}}',
  '中文<b>加粗</b>',
] as const

// Whole corpus where the field takes it; the worst two where it takes 100; one where it takes 30.
const LONG = corpus.join(' ')
const TITLE = `${corpus[1]}${corpus[0]}{{7*7}}`
const SHORT = corpus[0]
const SHORT2 = corpus[1]

/** Fragments that exist in HTML only if a payload was written out unescaped. */
const live = ['<script>alert(1)', '<img src=x', '<svg onload', '<b>加粗']
const scriptUrl = /(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i
/** How the payloads read once escaped: at least one must be on a page that shows them. */
const escaped = [
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&lt;img src=x onerror=alert(1)&gt;',
  '&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;',
]

function xssProblems(page: string, html: string, shows = true): string[] {
  const problems = live
    .filter((fragment) => html.includes(fragment))
    .map((fragment) => `${page}: unescaped "${fragment}"`)
  if (scriptUrl.test(html)) problems.push(`${page}: a javascript: URL in an attribute`)
  if (shows && !escaped.some((e) => html.includes(e)))
    problems.push(`${page}: shows none of the payloads (the test would prove nothing)`)
  return problems
}

interface XssWorld {
  agency: Account
  department: Account
  enterprise: Account
  supervisor: WebClient
  agencyId: string
  offering: string
  project: string
  direct: { project: string; contract: string }
}

/** Every organisation and record made with payloads in each text field their forms have. */
async function buildXssWorld(): Promise<XssWorld> {
  const url = baseUrl!
  const [agency, department, enterprise, officer] = await Promise.all([
    signUp(url, 'agency', { organisationName: `${TITLE}甲`, contactName: SHORT }),
    signUp(url, 'department'),
    signUp(url, 'enterprise', { organisationName: `${TITLE}乙`, contactName: SHORT2 }),
    signIn(url, supervisor!.phone, supervisor!.password),
  ])
  const [agencyId, offering] = await Promise.all([
    ownAgencyId(agency.client),
    createOffering(agency.client),
    verifyDepartment(officer, department.organisationName),
  ])
  // One change to the agency at a time: on PostgreSQL a change to its offering alongside one
  // that reindexes it (its profile, its qualifications) can deadlock.
  const departmentProfile = department.client.postExpectingRedirect(
    '/my/profile',
    profileFields(department, { name: `${TITLE}丙`, contactName: SHORT2 }),
  )
  await agency.client.postExpectingRedirect(
    '/my/profile',
    profileFields(agency, {
      legalRepresentative: SHORT2,
      address: LONG,
      introduction: LONG,
      contactName: SHORT,
    }),
  )
  await agency.client.postExpectingRedirect(`/my/offerings/${offering}`, {
    intent: 'update',
    feeKind: 'rule',
    feeMin: '10000',
    feeMax: '80000',
    feeRule: LONG,
    feeExample: TITLE,
    timeLimitDays: '20',
    scope: LONG,
  })
  await agency.client.postExpectingRedirect(`/my/offerings/${offering}`, {
    intent: 'add-case',
    title: TITLE,
    clientName: TITLE,
    completedOn: '2024-06-30',
  })
  await agency.client.postExpectingRedirect('/my/practitioners', {
    name: SHORT,
    certificateType: SHORT2,
    certificateNumber: `XSS${Date.now()}`,
  })
  await agency.client.postExpectingRedirect('/account/members', {
    name: SHORT2,
    phone: fakePhone(),
    password: 'Member-2026x',
  })
  await agency.client.postExpectingRedirect('/my/qualifications', {
    type: '其他',
    otherType: TITLE.slice(0, 60),
    level: SHORT,
    number: `Q-${Date.now()}`,
    issuer: TITLE,
    validFrom: '2024-01-01',
  })
  await departmentProfile
  const project = await publishProject(department.client, {
    title: TITLE,
    scope: LONG,
    location: LONG,
  })
  const direct = await directContract(enterprise.client, agency.client, agencyId)
  await officer.postExpectingRedirect('/supervisor/inspections', {
    intent: 'create',
    title: TITLE,
    itemCodes: 'SI-002',
    sampleSize: '1',
    inspectorIds: /name="inspectorIds"[^>]*value="([^"]+)"/.exec(
      (await officer.text('/supervisor/inspections')).body,
    )![1]!,
  })
  return {
    agency,
    department,
    enterprise,
    supervisor: officer,
    agencyId,
    offering,
    project,
    direct,
  }
}

/** The hidden id a form on `path` carries in `field`. */
async function hiddenId(client: WebClient, path: string, field: string) {
  const { body } = await client.text(path)
  const id = new RegExp(`name="${field}" value="([0-9a-f-]{36})"`).exec(body)?.[1]
  if (!id) throw new Error(`no ${field} on ${path}`)
  return id
}

describe.skipIf(!e2eEnabled)('XSS: every text field comes back escaped', () => {
  let w: XssWorld
  const early: string[] = []

  beforeAll(async () => {
    w = await buildXssWorld()
    const { agency, department, enterprise, supervisor: officer, project, direct } = w
    const contractPath = `/contracts/${direct.contract}?index`
    // A clarification asked and answered, a finding and its reply, a complaint and its answer.
    await agency.client.postExpectingRedirect(`/projects/${project}/qa`, {
      intent: 'ask',
      question: LONG,
    })
    await department.client.postExpectingRedirect(`/projects/${project}/qa`, {
      intent: 'answer',
      clarificationId: await hiddenId(
        department.client,
        `/projects/${project}/qa`,
        'clarificationId',
      ),
      answer: LONG,
    })
    await officer.postExpectingRedirect('/supervisor/findings', {
      intent: 'record',
      agency: agency.uscc,
      rule: 'complaint_substantiated',
      summary: LONG,
    })
    await agency.client.postExpectingRedirect(`/agencies/${w.agencyId}/credit`, {
      intent: 'reply',
      recordId: await hiddenId(agency.client, `/agencies/${w.agencyId}/credit`, 'recordId'),
      reply: LONG,
    })
    await enterprise.client.postExpectingRedirect('/complaints/new', {
      targetType: 'agency',
      targetId: w.agencyId,
      subject: TITLE,
      grounds: LONG,
    })
    // The supervisor's queue shows the complaint only until it is answered.
    const queue = (await officer.text('/supervisor/complaints')).body
    early.push(...xssProblems('/supervisor/complaints', queue))
    const ours = queue.split('<li').find((li) => li.includes(escaped[1]!)) ?? ''
    const complaintId = /name="complaintId" value="([0-9a-f-]{36})"/.exec(ours)?.[1]
    if (!complaintId) throw new Error('our complaint is not in the supervisor’s queue')
    await officer.postExpectingRedirect('/supervisor/complaints', {
      complaintId,
      outcome: 'unsubstantiated',
      answer: LONG,
    })
    // The contract: signed, delivered, returned with reasons, delivered again, accepted, rated.
    await agency.client.postExpectingRedirect(contractPath, { intent: 'sign' })
    await enterprise.client.postExpectingRedirect(contractPath, { intent: 'sign' })
    await agency.client.postExpectingRedirect(contractPath, { intent: 'deliver', note: LONG })
    await enterprise.client.postExpectingRedirect(contractPath, {
      intent: 'delivery-decision',
      decision: 'return',
      reason: LONG,
    })
    await agency.client.postExpectingRedirect(contractPath, { intent: 'deliver', note: TITLE })
    await enterprise.client.postExpectingRedirect(contractPath, {
      intent: 'delivery-decision',
      decision: 'accept',
      reason: LONG,
    })
    await enterprise.client.postExpectingRedirect(`/contracts/${direct.contract}/evaluation`, {
      intent: 'rate',
      quality: '4',
      timeliness: '4',
      attitude: '4',
      fees: '4',
      conduct: '4',
      comment: LONG,
    })
  })

  it('escapes them on every page that shows them, for every role that reads it', async () => {
    const { agency, department, enterprise, supervisor: officer, agencyId, project, direct } = w
    const inspection = /href="(\/inspections\/[0-9a-f-]{36})"[^>]*>[^<]*&lt;img src=x/.exec(
      await (await fetch(`${baseUrl}/inspections`)).text(),
    )?.[1]
    expect(inspection, 'our inspection plan on /inspections').toBeTruthy()
    // Each page shows the payloads; lists that other test files fill at the same time may
    // have pushed ours off their first page, so there only the escaping is checked.
    const list = false
    const pages: [WebClient | null, string, boolean?][] = [
      [null, '/', list],
      [null, '/agencies', list],
      [null, '/projects', list],
      [null, '/items/SI-002', list],
      [null, '/complaints', list],
      [null, '/contracts', list],
      [null, `/agencies/${agencyId}`],
      [null, `/agencies/${agencyId}/credit`],
      [null, `/projects/${project}`],
      [null, `/projects/${project}/qa`],
      [null, `/projects/${direct.project}`],
      [null, `/projects/${direct.project}/result`],
      [null, inspection!],
      [agency.client, '/account'],
      [agency.client, '/account/members'],
      [agency.client, '/my/profile'],
      [agency.client, `/my/offerings/${w.offering}`],
      [agency.client, '/my/practitioners'],
      [agency.client, '/my/qualifications'],
      [agency.client, '/my/bids', list],
      [agency.client, '/inbox', list],
      [agency.client, `/contracts/${direct.contract}`],
      [department.client, `/projects/${project}/manage`],
      [department.client, '/my/projects'],
      [enterprise.client, `/contracts/${direct.contract}`],
      [enterprise.client, `/contracts/${direct.contract}/evaluation`],
      [enterprise.client, `/contracts/${direct.contract}/payment`],
      [enterprise.client, `/contracts/${direct.contract}/print`],
      [enterprise.client, '/complaints/new'],
      [officer, `/supervisor/organisations/${agencyId}`],
      [officer, `/supervisor/organisations/${agencyId}/accounts`],
      [officer, '/supervisor/organisations?tab=agencies', list],
    ]
    const problems = [...early]
    for (const [client, path, shows = true] of pages) {
      const response = client ? await client.get(path) : await fetch(`${baseUrl}${path}`)
      expect(response.status, path).toBe(200)
      problems.push(...xssProblems(path, await response.text(), shows))
    }
    expect(problems, problems.join('\n')).toEqual([])
    // Shown as typed, not evaluated by any template.
    expect(await (await fetch(`${baseUrl}/projects/${project}`)).text()).toContain('{{7*7}}')
  })

  it('escapes them where a page repeats what was typed: search boxes, filters, refused forms', async () => {
    const q = encodeURIComponent(LONG)
    const problems: string[] = []
    for (const path of [
      `/search?q=${q}`,
      `/items?q=${q}`,
      `/agencies?q=${q}`,
      `/projects?q=${q}`,
      `/contracts?q=${q}`,
      `/blacklist?q=${q}`,
    ]) {
      const response = await fetch(`${baseUrl}${path}`)
      problems.push(...xssProblems(path, await response.text()))
    }
    const signin = `/signin?redirectTo=${encodeURIComponent('javascript:alert(1)')}`
    problems.push(...xssProblems(signin, await (await fetch(`${baseUrl}${signin}`)).text(), false))
    // A sign-up refused for its USCC comes back with everything else as typed.
    const refused = await new WebClient(baseUrl!).post('/signup', {
      kind: 'agency',
      organisationName: LONG,
      contactName: SHORT,
      uscc: '91410100XXXXXXXXXX',
    })
    problems.push(...xssProblems('refused sign-up', await refused.text()))
    const missing = await fetch(`${baseUrl}/${encodeURIComponent(corpus[0])}`)
    expect(missing.status).toBe(404)
    problems.push(...xssProblems('404 page', await missing.text(), false))
    expect(problems, problems.join('\n')).toEqual([])
  })

  it('escapes them in the Atom feed, which is XML', async () => {
    const feed = await (await fetch(`${baseUrl}/feeds/announcements.atom`)).text()
    expect(feed).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(feed).not.toContain('<script>alert(1)')
    expect(feed).not.toContain('<img src=x')
  })

  describe('in Chromium', () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>
    beforeAll(async () => {
      browser = await launchBrowser()
    })
    afterAll(() => browser?.close())

    it('runs no payload and builds no element from one, before or after hydration', async () => {
      // The public profile (most fields, the evaluation) and the agency's own form (textareas).
      const views: [WebClient | null, string][] = [
        [null, `/agencies/${w.agencyId}`],
        [w.agency.client, '/my/profile'],
      ]
      const dialogs: string[] = []
      for (const [client, path] of views) {
        const context = await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })
        if (client)
          await context.addCookies(
            [...client.cookies].map(([name, value]) => ({ name, value, url: baseUrl! })),
          )
        const page = await context.newPage()
        page.on('dialog', (dialog) => {
          dialogs.push(`${path}: ${dialog.message()}`)
          void dialog.dismiss()
        })
        await page.goto(path)
        // Hydrated: React has gone over every node the server sent.
        await page.waitForFunction(() => {
          const router = (window as { __remixRouter?: { state: { initialized: boolean } } })
            .__remixRouter
          return router?.state.initialized === true
        })
        const found = await page.evaluate(() => ({
          injected: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload]')
            .length,
          bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === '加粗').length,
          shown: document.body.innerText.includes('<script>alert(1)</script>'),
        }))
        expect(found, path).toEqual({ injected: 0, bold: 0, shown: true })
        await context.close()
      }
      expect(dialogs).toEqual([])
    })
  })
})
