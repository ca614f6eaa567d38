import { readFile } from 'node:fs/promises'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, signUpThroughForm, watchErrors } from './browser.ts'
import { directAward, ownAgencyId, publishOffering } from './market-steps.ts'

describe.skipIf(!e2eEnabled)('the statistics page, in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  /** An enterprise picks an agency directly and it accepts: an award final at once. */
  async function awardDirectly() {
    const agency = await newPage()
    await signUpThroughForm(agency, 'agency')
    await publishOffering(agency)
    const agencyId = await ownAgencyId(agency)

    const buyer = await newPage()
    const buyerOrg = await signUpThroughForm(buyer, 'enterprise')
    await directAward(buyer, agency, agencyId, '某仓储项目环境影响报告表编制')
    await agency.context().close()
    await buyer.context().close()
    return buyerOrg.organisationName
  }

  it('draws the charts over the tables, filters by period and downloads a CSV', async () => {
    const buyerName = await awardDirectly()
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
      expect.arrayContaining(['1', '3.60', '5.00', '28.0%']),
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
