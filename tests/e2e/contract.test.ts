import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled, launchBrowser, signUpThroughForm } from './browser.ts'
import { directAward, ownAgencyId, publishOffering } from './market-steps.ts'

// A minimal PDF: the upload check reads the magic bytes, not the name.
const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

describe.skipIf(!e2eEnabled)('after the award, in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)

  async function contractFromWorkPage(page: Page) {
    await page.goto('/my')
    await page.getByRole('link', { name: '签订合同' }).first().click()
    await page.waitForURL('**/contracts/*')
    return new URL(page.url()).pathname.split('/')[2]!
  }

  it('direct award → both sign → deliver → accept → pay by transfer → rate → on the public profile', async () => {
    const agency = await newPage()
    const agencyOrg = await signUpThroughForm(agency, 'agency')
    await publishOffering(agency)
    const agencyId = await ownAgencyId(agency)

    const buyer = await newPage()
    await signUpThroughForm(buyer, 'enterprise')
    const projectId = await directAward(
      buyer,
      agency,
      agencyId,
      '某食品厂扩建项目环境影响报告表编制',
    )

    // On a phone the work page's tables scroll inside their box, not the whole page.
    await agency.setViewportSize({ width: 375, height: 740 })
    await agency.goto('/my')
    expect(await horizontalOverflow(agency)).toBeLessThanOrEqual(0)
    await agency.setViewportSize({ width: 1280, height: 720 })

    const contractId = await contractFromWorkPage(agency)
    await agency.getByRole('button', { name: '以承接机构身份签订合同' }).click()
    await agency.getByText('已签字。').waitFor()
    expect(await contractFromWorkPage(buyer)).toBe(contractId)
    await buyer.getByRole('button', { name: '以采购人身份签订合同' }).click()
    await buyer.getByText('剩余工作日').waitFor()

    await agency.goto(`/contracts/${contractId}`)
    await agency.getByLabel('交付说明').fill('环境影响报告表（报批稿）及附图，请验收。')
    await agency.locator('input[name="file1"]').setInputFiles({
      name: '报告表.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf,
    })
    await agency.getByRole('button', { name: '提交成果，请求验收' }).click()
    await agency.getByText('成果已提交，等待采购人验收。').waitFor()

    await buyer.goto(`/contracts/${contractId}`)
    await buyer.getByRole('link', { name: '报告表.pdf' }).waitFor()
    await buyer.locator('input[name="decision"][value="accept"]').check()
    await buyer.getByLabel('验收意见').fill('成果符合合同约定。')
    await buyer.getByRole('button', { name: '提交验收结论' }).click()
    await buyer.getByText('验收结论已提交。').waitFor()

    await buyer.goto(`/contracts/${contractId}/payment`)
    await buyer.getByText('在线支付未配置').first().waitFor()
    await buyer.getByLabel('转账凭证号 / 交易流水号').fill('HX20261126001')
    // The date is left as drawn: platform today, which other e2e files may have moved on.
    expect(await buyer.getByLabel('转账日期').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await buyer.getByLabel('转账金额（元）').fill('36000')
    await buyer.getByRole('button', { name: '登记转账' }).click()
    await buyer.getByText('已付清').first().waitFor()
    await agency.goto(`/contracts/${contractId}/payment`)
    await agency.getByText('HX20261126001').waitFor()

    await buyer.goto(`/contracts/${contractId}/evaluation`)
    for (const name of ['quality', 'timeliness', 'attitude', 'fees', 'conduct'])
      await buyer.locator(`input[name="${name}"][value="5"]`).check()
    await buyer.getByLabel('评价内容（选填）').fill('报告表一次通过技术审查，响应及时。')
    await buyer.getByRole('button', { name: '提交评价' }).click()
    await buyer.getByText('报告表一次通过技术审查').first().waitFor()

    const visitor = await newPage()
    await visitor.goto(`/agencies/${agencyId}`)
    await visitor.getByRole('heading', { name: '服务评价（1 条）' }).waitFor()
    expect(await visitor.textContent('main')).toContain('报告表一次通过技术审查，响应及时。')
    expect(await visitor.textContent('main')).toContain(agencyOrg.organisationName)
    const project = await (await fetch(`${baseUrl}/api/v1/projects/${projectId}`)).json()
    expect(project.status).toBe('evaluated')
    for (const page of [agency, buyer, visitor]) await page.context().close()
  })
})
