import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSignUp } from '../../seed/factories.ts'
import { baseUrl, e2eEnabled, launchBrowser } from './browser.ts'

describe.skipIf(!e2eEnabled)('a person finds 环评 agencies in 濮阳 from the home page', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  it('an agency in 濮阳 lists 环评 and the public finds it by searching', async () => {
    const agencyPage = await (
      await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })
    ).newPage()
    const agency = buildSignUp({ kind: 'agency' })
    const name = `濮阳清源环保${agency.uscc.slice(-4)}有限公司`
    await agencyPage.goto('/signup')
    await agencyPage.locator('input[name="kind"][value="agency"]').check()
    await agencyPage.getByLabel('机构名称').fill(name)
    await agencyPage.getByLabel('统一社会信用代码').fill(agency.uscc)
    await agencyPage.getByLabel('联系人姓名').fill(agency.contactName)
    await agencyPage.getByLabel('手机号（用于登录）').fill(agency.phone)
    await agencyPage.locator('input[name="password"]').fill(agency.password)
    await agencyPage.getByLabel('确认密码').fill(agency.confirmPassword)
    await agencyPage.getByRole('button', { name: '注册' }).click()
    await agencyPage.waitForURL('**/account?welcome=1')

    await agencyPage.goto('/my/profile')
    await agencyPage.getByLabel('法定代表人').fill('王五')
    await agencyPage.getByLabel('详细地址').fill('濮阳市华龙区开州路 1 号')
    await agencyPage.locator('input[name="contactName"]').fill(agency.contactName)
    await agencyPage.locator('input[name="contactPhone"]').fill(agency.phone)
    await agencyPage.getByLabel('城市').selectOption('4109')
    await agencyPage.getByLabel('区 / 县').selectOption('410902')
    await agencyPage.getByRole('button', { name: '保存' }).click()
    await agencyPage.getByText('资料已保存').waitFor({ timeout: 10_000 })

    await agencyPage.goto('/my/offerings/new')
    await agencyPage.locator('select[name="serviceItemCode"]').selectOption('SI-001')
    await agencyPage.locator('input[name="feeKind"][value="fixed"]').check()
    await agencyPage.locator('input[name="feeFixed"]').fill('30000')
    await agencyPage.locator('input[name="timeLimitDays"]').fill('10')
    await agencyPage.getByRole('button', { name: '发布' }).click()
    await agencyPage.waitForURL((url) => !url.pathname.endsWith('/new'))

    const api = await fetch(`${baseUrl}/api/v1/search?q=${encodeURIComponent('环评')}`)
    expect(JSON.stringify(await api.json())).toContain(name)
    // A page beyond the last allowed is an error, as in /api/v1/projects, not page 500.
    const deep = await fetch(`${baseUrl}/api/v1/search?q=${encodeURIComponent('环评')}&page=501`)
    expect(deep.status).toBe(400)
    expect((await deep.json()).error).toContain('page 取值无效')

    const page = await (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()
    await page.goto('/')
    await page.getByLabel('搜索服务事项或中介机构').fill('濮阳 环评')
    await page.getByRole('button', { name: '搜索' }).click()
    await page.waitForURL('**/search?q=*')
    const main = page.locator('main')
    expect(await main.textContent()).toContain(name)
    expect(await main.textContent()).toContain('环境影响报告书编制')
    expect(await page.locator('main mark').allTextContents()).toContain('濮阳')

    await page.getByRole('link', { name: '中介机构', exact: true }).last().click()
    await page.waitForURL('**type=agency*')
    expect(await main.textContent()).toContain(name)
  })

  it('answers odd queries through the API and the page, never with a 500', async () => {
    const odd = [
      '',
      '环',
      '环'.repeat(500),
      '！？。…',
      "'; drop table offerings;--",
      '😀🏗️',
      '%_\\',
    ]
    for (const q of odd) {
      const api = await fetch(`${baseUrl}/api/v1/search?q=${encodeURIComponent(q)}`)
      expect(api.status, q).toBe(200)
      expect(api.headers.get('cache-control')).toBe('public, max-age=30')
      const body = (await api.json()) as { total: number; results: unknown[] }
      expect(body.total).toBeGreaterThanOrEqual(0)
      const page = await fetch(`${baseUrl}/search?q=${encodeURIComponent(q)}&type=agency`)
      expect(page.status, q).toBe(200)
    }
    // A page number past the results goes to their last page, the query kept.
    const past = await fetch(`${baseUrl}/search?q=${encodeURIComponent('环评')}&page=9999`, {
      redirect: 'manual',
    })
    expect(past.status).toBe(302)
    expect(past.headers.get('location')).toBe(`/search?q=${encodeURIComponent('环评')}`)
    const suggest = await fetch(`${baseUrl}/search/suggest?q=stbc`)
    expect(((await suggest.json()) as { suggestions: string[] }).suggestions).toContain(
      '水土保持方案编制',
    )
  })

  it('on a phone the filters fold away so the results come first; beside the results they stay open', async () => {
    const path = `/search?q=${encodeURIComponent('环评')}`
    const facet = (page: Page) => page.locator('.search-facets').getByRole('link').first()
    const firstResult = (page: Page) => page.locator('.search-result__title').first()

    const phone = await browser.newContext({
      baseURL: baseUrl!,
      viewport: { width: 375, height: 740 },
    })
    const small = await phone.newPage()
    await small.goto(path)
    const summary = small.getByText('筛选条件', { exact: true })
    expect(await summary.isVisible()).toBe(true)
    expect(await facet(small).isVisible()).toBe(false)
    expect(await firstResult(small).isVisible()).toBe(true)
    expect((await firstResult(small).boundingBox())!.y).toBeLessThan(740)
    await summary.click()
    expect(await facet(small).isVisible()).toBe(true)
    await facet(small).click()
    await small.waitForURL(/[?&](item|category|region|qualification|fee|grade|verified)=/)
    expect(await small.getByText(/^筛选条件（已选 1 项）$/).isVisible()).toBe(true)
    expect(await facet(small).isVisible()).toBe(false) // folded again: the results come first
    expect((await firstResult(small).boundingBox())!.y).toBeLessThan(740)
    await phone.close()

    const desk = await browser.newContext({
      baseURL: baseUrl!,
      viewport: { width: 1280, height: 800 },
    })
    const wide = await desk.newPage()
    await wide.goto(path)
    expect(await wide.getByText('筛选条件', { exact: true }).isVisible()).toBe(false)
    expect(await facet(wide).isVisible()).toBe(true)
    await facet(wide).click()
    await wide.waitForURL(/[?&](item|category|region|qualification|fee|grade|verified)=/)
    // Projects have no facets: no empty panel to unfold.
    await wide.goto(`${path}&type=project`)
    expect(await wide.locator('.search-facets__panel').count()).toBe(0)
    await desk.close()
  })
})
