import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, signUpThroughForm, watchErrors } from './browser.ts'
import { directAward, ownAgencyId, publishOffering } from './market-steps.ts'

// Issue #8, "done when": a member of the public sees how much was bought, from whom, at what
// savings and how fast, and downloads it — signed out, in Chromium.

describe.skipIf(!e2eEnabled)('open data for a signed-out visitor, in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  /** From the work page to the contract waiting for this party's signature, and sign it. */
  async function sign(page: Page, button: string) {
    await page.goto('/my')
    await page.getByRole('link', { name: '签订合同' }).first().click()
    await page.waitForURL('**/contracts/*')
    await page.getByRole('button', { name: button }).click()
    await page.waitForLoadState('networkidle')
  }

  /** An enterprise picks an agency directly, it accepts at 36,000 of a 50,000 cap, both sign. */
  async function directContract(title: string) {
    const agency = await newPage()
    const buyer = await newPage()
    // Two sign-ups side by side: each waits on its password hash.
    const [agencyOrg, buyerOrg] = await Promise.all([
      signUpThroughForm(agency, 'agency'),
      signUpThroughForm(buyer, 'enterprise'),
    ])
    await publishOffering(agency)
    const agencyId = await ownAgencyId(agency)
    await directAward(buyer, agency, agencyId, title)
    await sign(agency, '以承接机构身份签订合同')
    await sign(buyer, '以采购人身份签订合同')
    await agency.context().close()
    await buyer.context().close()
    return { agencyName: agencyOrg.organisationName, buyerName: buyerOrg.organisationName }
  }

  it('reads the figures, follows a result, lists contracts and downloads them as CSV', async () => {
    const title = `某冷链仓库项目环境影响报告表编制${randomBytes(3).toString('hex')}`
    const { agencyName, buyerName } = await directContract(title)

    const visitor = await newPage()
    const errors = watchErrors(visitor)
    const nav = visitor.getByRole('navigation', { name: '主导航' })
    await visitor.goto('/')
    await nav.getByRole('link', { name: '统计数据' }).click()
    await visitor.waitForURL('**/stats')

    // How much, at what savings, how fast: the overview's figures…
    const figure = async (label: string) =>
      visitor.locator('.stats-figures li', { hasText: label }).locator('strong').textContent()
    expect(await figure('成交金额')).toMatch(/^¥[\d,.]+( 万)?$/)
    expect(await figure('成交金额')).not.toBe('¥0.00')
    expect(await figure('节约率（金额加权）')).toMatch(/^\d+\.\d%$/)
    expect(await figure('发布到公布中选结果（中位数）')).toMatch(/^\d+\.\d 天$/)
    // …and this buyer's line: one award, 36,000 of a 50,000 cap, 28.0 % saved.
    const buyerRow = visitor
      .getByRole('table', { name: /^按采购人（/ })
      .getByRole('row', { name: new RegExp(buyerName) })
    expect(await buyerRow.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['1', '3.60', '5.00', '28.0%']),
    )

    // From whom: the announcement, then its result.
    await nav.getByRole('link', { name: '采购公告' }).click()
    await visitor.waitForURL('**/projects')
    await visitor.getByRole('link', { name: title }).click()
    await visitor.getByRole('link', { name: '中选结果与质疑' }).click()
    await visitor.waitForURL('**/result')
    const facts = visitor.locator('dl.facts')
    expect(await facts.locator('dt:has-text("中选机构") + dd').textContent()).toBe(agencyName)
    expect(await facts.locator('dt:has-text("中选金额") + dd').textContent()).toBe('¥36,000.00')
    const signing = visitor.getByRole('table', { name: '合同签订情况' })
    expect(await signing.textContent()).toContain('服务中')

    // The contracts, by the buyer's name.
    await nav.getByRole('link', { name: '合同公开' }).click()
    await visitor.waitForURL('**/contracts')
    await visitor.getByRole('heading', { level: 1, name: '合同公开' }).waitFor()
    await visitor.getByLabel('采购人或机构名称').fill(buyerName)
    await visitor.getByRole('button', { name: '筛选' }).click()
    await visitor.waitForURL(/\/contracts\?.*q=/)
    const rows = visitor.getByRole('table', { name: '服务合同' }).locator('tbody tr')
    // The address changes as the filtered rows arrive; the table follows a moment later.
    await expect.poll(() => rows.count()).toBe(1)
    const cells = await rows.first().locator('td').allTextContents()
    expect(cells[0]).toContain(title)
    expect(cells.slice(1, 4)).toEqual([buyerName, agencyName, '¥36,000.00'])
    expect(cells[4]).toMatch(/^\d+ 个工作日$/)
    expect(cells[5]).toMatch(/^\d{4}\/\d{2}\/\d{2}$/) // the day both signed

    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: '导出 CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('中介超市-合同公开.csv')
    const bytes = await readFile((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, row, end] = bytes.subarray(3).toString('utf8').split('\r\n')
    expect(header!.split(',').slice(0, 8)).toEqual([
      '合同编号',
      '项目名称',
      '服务事项代码',
      '服务事项',
      '项目地区',
      '资金来源',
      '采购人',
      '承接机构',
    ])
    expect(row).toContain(title)
    expect(row).toContain(`${buyerName},${agencyName},1,服务中,36000.00,`)
    expect(end).toBe('')
    expect(errors).toEqual([])
    await visitor.context().close()
  })
})
