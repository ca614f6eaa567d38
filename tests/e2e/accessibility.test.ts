import { AxeBuilder } from '@axe-core/playwright'
import type { Result } from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, signUpThroughForm } from './browser.ts'
import { ownAgencyId, postDirectProject, publishOffering } from './market-steps.ts'

// WCAG 2.0 and 2.1, levels A and AA: what public-sector sites are held to.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

interface Finding {
  page: string
  violation: Result
}

/** One line per rule and page, then each offending element, so a failure reads as a to-do list. */
function describeFindings(findings: Finding[]) {
  return findings
    .map(({ page, violation: v }) =>
      [
        `${page}: [${v.impact}] ${v.id} — ${v.help}`,
        `  ${v.helpUrl}`,
        ...v.nodes.map(
          (n) =>
            `  · ${n.target.join(' ')}${n.failureSummary ? `\n    ${n.failureSummary.replace(/\n/g, '\n    ')}` : ''}`,
        ),
      ].join('\n'),
    )
    .join('\n\n')
}

describe.skipIf(!e2eEnabled)('accessibility (axe-core, WCAG 2.1 AA) in a real browser', () => {
  let browser: Browser
  const contexts: BrowserContext[] = []
  let agencyPage: Page
  let agencyId: string
  let enterprisePage: Page
  let departmentPage: Page
  let projectId: string

  const newPage = async () => {
    const context = await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })
    contexts.push(context)
    return context.newPage()
  }

  beforeAll(async () => {
    browser = await launchBrowser()
    // Two agencies with offerings, a department, and an enterprise that picks the first
    // agency directly, which accepts: a published project with a result at once, without
    // moving the clock that other e2e files share. One at a time: on a busy machine parallel
    // sign-ups get clicked before hydration and submitted twice.
    agencyPage = await newPage()
    await signUpThroughForm(agencyPage, 'agency')
    await publishOffering(agencyPage)
    agencyId = await ownAgencyId(agencyPage)
    const second = await newPage()
    await signUpThroughForm(second, 'agency')
    await publishOffering(second, 'SI-005')
    departmentPage = await newPage()
    await signUpThroughForm(departmentPage, 'department')
    enterprisePage = await newPage()
    await signUpThroughForm(enterprisePage, 'enterprise')
    projectId = await postDirectProject(enterprisePage, agencyId, '某物流园项目环境影响报告表编制')
    await agencyPage.goto(`/projects/${projectId}/bid`)
    await agencyPage.locator('input[name="price"]').fill('36000')
    await agencyPage.getByRole('button', { name: '接受并报价' }).click()
    await agencyPage.waitForLoadState('networkidle')
  })
  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
  })

  /**
   * axe over the whole document as it stands (e.g. after a refused submission). Legacy mode
   * runs axe inside the page itself, about three times faster than the default, which
   * finishes each run in an extra blank page to merge cross-origin iframes; there are none.
   * Playwright injects axe through the DevTools protocol, which the page's CSP does not govern.
   */
  async function auditHere(page: Page, label: string, findings: Finding[]) {
    const results = await new AxeBuilder({ page }).withTags(TAGS).setLegacyMode(true).analyze()
    // axe really looked at the page: a blank or error page would pass far fewer rules.
    expect(results.passes.length, label).toBeGreaterThan(10)
    for (const violation of results.violations)
      if (violation.impact === 'serious' || violation.impact === 'critical')
        findings.push({ page: label, violation })
  }

  /** Waits for `ready` (content drawn late or made by the set-up) before running axe. */
  async function audit(page: Page, path: string, findings: Finding[], ready = 'h1') {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(200)
    await page.locator(ready).first().waitFor()
    await auditHere(page, path, findings)
  }

  it('the public pages have no serious or critical violations', async () => {
    const visitor = await newPage()
    const findings: Finding[] = []
    // Each page with what shows it holds the data made above, so axe checks the full page.
    const pages: [string, string][] = [
      ['/', 'h1'],
      [`/search?${new URLSearchParams({ q: '环评' })}`, '.search-result__title'],
      ['/items', 'h1'],
      ['/items/SI-002', 'table'],
      ['/agencies', '.agency-card__title'],
      [`/agencies/${agencyId}`, 'h1'],
      [`/agencies/${agencyId}/credit`, 'h1'],
      ['/projects', '.card__title'],
      [`/projects/${projectId}`, 'h1'],
      [`/projects/${projectId}/result`, 'table'],
      // The charts are drawn after hydration; waiting for them lets axe check them too.
      ['/stats', '.stats-chart svg'],
      ['/blacklist', 'h1'],
      ['/complaints', 'h1'],
      ['/inspections', 'h1'],
      ['/credit/rules', 'h1'],
    ]
    for (const [path, ready] of pages) await audit(visitor, path, findings, ready)
    expect(describeFindings(findings)).toBe('')
  })

  it('the forms have no serious or critical violations, also when showing errors', async () => {
    const visitor = await newPage()
    const findings: Finding[] = []
    await audit(visitor, '/signin', findings)
    // A refused sign-in shows its message beside the form.
    await visitor.getByLabel('手机号或邮箱').fill('13800000000')
    await visitor.locator('input[name="password"]').fill('Wrong-password-9')
    await visitor.getByRole('button', { name: '登录' }).click()
    await visitor.locator('[role="alert"]').first().waitFor()
    await auditHere(visitor, '/signin (refused)', findings)
    await audit(visitor, '/signup', findings)
    // An empty submission: every required field says what is missing.
    await visitor.getByRole('button', { name: '注册' }).click()
    await visitor.locator('[aria-invalid="true"]').first().waitFor()
    await auditHere(visitor, '/signup (errors)', findings)

    await audit(agencyPage, '/my/profile', findings)
    await audit(agencyPage, '/account/members', findings)
    await audit(agencyPage, '/my/offerings/new', findings)
    await audit(departmentPage, '/projects/new', findings)
    await audit(enterprisePage, '/complaints/new', findings)
    await audit(enterprisePage, `/complaints/new?agency=${agencyId}`, findings)
    expect(describeFindings(findings)).toBe('')
  })

  it('the signed-in work pages, the contract and its printable copy have none either', async () => {
    const findings: Finding[] = []
    await audit(enterprisePage, '/my', findings)
    await enterprisePage.getByRole('link', { name: '签订合同' }).first().click()
    await enterprisePage.waitForURL('**/contracts/*')
    const contract = new URL(enterprisePage.url()).pathname
    await auditHere(enterprisePage, contract, findings)
    // The printable copy carries a faint watermark over the text.
    await audit(enterprisePage, `${contract}/print`, findings)
    await audit(enterprisePage, '/contracts', findings)
    await audit(agencyPage, '/my', findings)
    await audit(agencyPage, '/my/bids', findings)
    await audit(agencyPage, '/my/offerings', findings)
    await audit(agencyPage, '/inbox', findings)
    await audit(departmentPage, '/my/projects', findings)
    expect(describeFindings(findings)).toBe('')
  })
})
