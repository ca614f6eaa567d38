import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, signUpThroughForm } from './browser.ts'

describe.skipIf(!e2eEnabled)('the statistics page, in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  /** Console errors and failed scripts, CSP refusals among them ("Refused to …"). */
  function watchErrors(page: Page) {
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    return errors
  }

  /** An enterprise picks an agency directly and it accepts: an award final at once. */
  async function directAward() {
    const agency = await newPage()
    await signUpThroughForm(agency, 'agency')
    await agency.goto('/my/offerings/new')
    await agency.locator('select[name="serviceItemCode"]').selectOption('SI-002')
    await agency.locator('input[name="feeKind"][value="range"]').check()
    await agency.locator('input[name="feeMin"]').fill('10000')
    await agency.locator('input[name="feeMax"]').fill('80000')
    await agency.locator('input[name="timeLimitDays"]').fill('20')
    await agency.getByRole('button', { name: '发布' }).click()
    await agency.waitForURL((url) => !url.pathname.endsWith('/new'))
    await agency.goto('/my/profile')
    const profile = await agency
      .getByRole('link', { name: '查看本机构的公开页面' })
      .getAttribute('href')
    const agencyId = profile!.split('/').pop()!

    const buyer = await newPage()
    const buyerOrg = await signUpThroughForm(buyer, 'enterprise')
    await buyer.goto(`/projects/new?agency=${agencyId}`)
    await buyer.locator('select[name="serviceItemCode"]').selectOption('SI-002')
    await buyer.locator('input[name="title"]').fill('某仓储项目环境影响报告表编制')
    await buyer.locator('textarea[name="scope"]').fill('编制环境影响报告表并配合完成审批。')
    await buyer.locator('select[name="regionCode"]').selectOption('410902')
    await buyer.locator('input[name="budgetCap"]').fill('50000')
    await buyer.getByRole('button', { name: '发布公告' }).click()
    await buyer.waitForURL('**/manage')
    const projectId = new URL(buyer.url()).pathname.split('/')[2]!

    await agency.goto(`/projects/${projectId}/bid`)
    await agency.locator('input[name="price"]').fill('36000')
    await agency.getByRole('button', { name: '接受并报价' }).click()
    await agency.waitForLoadState('networkidle')
    await agency.context().close()
    await buyer.context().close()
    return buyerOrg.organisationName
  }

  it('draws the charts over the tables, filters by period and downloads a CSV', async () => {
    const buyerName = await directAward()
    const visitor = await newPage()
    const errors = watchErrors(visitor)
    await visitor.goto('/')
    await visitor
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '统计数据' })
      .click()
    await visitor.waitForURL('**/stats')
    await visitor.getByRole('heading', { level: 1, name: '统计数据' }).waitFor()

    // Drawn after hydration, by ECharts' SVG renderer, from the table printed below it.
    await visitor.locator('[data-chart="monthly-amount"] svg').waitFor()
    await visitor.locator('[data-chart="buyers"] svg').waitFor()
    const monthly = visitor.getByRole('table', { name: /^按月成交情况/ })
    await monthly.waitFor()
    expect(await monthly.locator('th[scope="col"]').first().textContent()).toBe('月份')
    // This buyer's one award: 36,000 of a 50,000 cap, 28.0 % saved.
    const buyerRow = visitor
      .getByRole('table', { name: /^按采购人（/ })
      .getByRole('row', { name: new RegExp(buyerName) })
    expect(await buyerRow.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['1', '¥3.6 万', '¥5 万', '28.0%']),
    )

    // A period long before any award: the tables follow, and the address keeps the filter.
    await visitor.getByLabel('起始月份').fill('2020-01')
    await visitor.getByLabel('截止月份').fill('2020-02')
    await visitor.getByRole('button', { name: '统计' }).click()
    await visitor.waitForURL(/from=2020-01&to=2020-02/)
    await visitor.getByRole('table', { name: '按月成交情况（2020-01 至 2020-02）' }).waitFor()
    const months = visitor.getByRole('table', { name: /^按月成交情况/ }).locator('tbody th')
    expect(await months.allTextContents()).toEqual(['2020-01', '2020-02'])
    await visitor.locator('[data-chart="monthly-amount"] svg').waitFor()
    expect(await visitor.getByRole('table', { name: /^按采购人（/ }).textContent()).toContain(
      '本期间没有数据',
    )

    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      // The hidden caption is its own box, so the name reads '下载 CSV ：…'.
      visitor
        .getByRole('link', { name: /^下载 CSV\s*：按月成交情况（2020-01 至 2020-02）$/ })
        .click(),
    ])
    expect(download.suggestedFilename()).toBe('中介超市统计-按月成交情况-2020-01_2020-02.csv')
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]!.split(',').slice(0, 4)).toEqual([
      '月份',
      '发布项目数',
      '成交项目数',
      '成交金额（元）',
    ])
    expect(lines.slice(1, 3).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['2020-01', '0', '0', '0.00'],
      ['2020-02', '0', '0', '0.00'],
    ])

    const response = await fetch(
      `${baseUrl}${await visitor.getByRole('link', { name: /^下载 CSV\s*：按月/ }).getAttribute('href')}`,
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="stats-monthly-2020-01_2020-02\.csv"; filename\*=UTF-8''/,
    )
    expect(errors).toEqual([])
    await visitor.context().close()
  })

  it('shows every table without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: baseUrl!, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto('/stats?from=2020-01&to=2020-03')
    expect(await page.locator('table caption').count()).toBe(8)
    expect(await page.locator('.stats-chart').count()).toBe(0)
    await page.getByLabel('截止月份').fill('2020-04')
    await page.getByRole('button', { name: '统计' }).click()
    await page.waitForURL(/to=2020-04/)
    expect(
      await page
        .getByRole('table', { name: /^按月成交情况/ })
        .locator('tbody th')
        .count(),
    ).toBe(4)
    await context.close()
  })
})
