import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatFen, formatFenExact } from '../../models/rules/money.ts'
import {
  baseUrl,
  e2eEnabled,
  launchBrowser,
  signInAs,
  signUpThroughForm,
  supervisor,
} from './browser.ts'
import { publishOffering } from './market-steps.ts'

describe.skipIf(!e2eEnabled)('a procedure from announcement to objection in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  const signUp = signUpThroughForm

  async function agencyOffering(page: Page) {
    const org = await signUp(page, 'agency')
    await publishOffering(page)
    return org
  }

  async function placeBid(page: Page, projectId: string, yuan: string) {
    await page.goto(`/projects/${projectId}/bid`)
    await page.locator('input[name="price"]').fill(yuan)
    await page.locator('input[name="timeLimitDays"]').fill('15')
    await page.getByRole('button', { name: '提交报价' }).click()
    await page.getByText('SHA-256').first().waitFor()
    expect(await page.textContent('main')).toContain(yuan.replace(/\B(?=(\d{3})+$)/g, ','))
  }

  it('a department publishes, three agencies bid, the deadline passes, a loser objects and the buyer answers', async () => {
    const buyer = await newPage()
    const department = await signUp(buyer, 'department')
    const supervising = await newPage()
    await signInAs(supervising, supervisor!.phone, supervisor!.password)
    await supervising.goto('/supervisor/organisations?tab=departments')
    // By the USCC: two test departments may share a name.
    await supervising.locator('tr', { hasText: department.uscc }).getByRole('link').click()
    await supervising.getByRole('button', { name: '确认核验' }).click()
    await supervising.getByText('可以发布').waitFor()

    const bidders = [await newPage(), await newPage(), await newPage()]
    const agencies = []
    for (const page of bidders) agencies.push(await agencyOffering(page))

    await buyer.goto('/projects/new')
    await buyer.locator('select[name="serviceItemCode"]').selectOption('SI-002')
    await buyer.locator('input[name="title"]').fill('濮阳市华龙区某道路改建工程环境影响报告表编制')
    await buyer
      .locator('textarea[name="scope"]')
      .fill('编制建设项目环境影响报告表，配合完成技术审查与报批。')
    await buyer.locator('select[name="regionCode"]').selectOption('410902')
    await buyer.locator('input[name="budgetCap"]').fill('60000')
    await buyer.getByRole('button', { name: '发布公告' }).click()
    await buyer.waitForURL('**/manage')
    const projectId = new URL(buyer.url()).pathname.split('/')[2]!
    await buyer.getByText('公告中').first().waitFor()

    // Sealed until opening: the public opening page says so and shows no prices.
    await placeBid(bidders[0]!, projectId, '45000')
    await placeBid(bidders[1]!, projectId, '42000')
    await placeBid(bidders[2]!, projectId, '48000')
    const visitor = await newPage()
    await visitor.goto(`/projects/${projectId}/opening`)
    await visitor.getByText('开标前报价密封').waitFor()
    const sealed = await visitor.textContent('main')
    expect(sealed).not.toContain(formatFen(4_200_000))
    expect(sealed).not.toContain(formatFenExact(4_200_000))

    const api = await (await fetch(`${baseUrl}/api/v1/projects/${projectId}`)).json()
    const moved = await fetch(`${baseUrl}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: new Date(new Date(api.deadlineAt).getTime() + 1000).toISOString(),
      }),
    })
    expect(moved.status).toBe(200)

    await visitor.goto(`/projects/${projectId}/result`)
    await visitor.getByText(agencies[1]!.organisationName).first().waitFor()
    const ranking = await visitor.textContent('main')
    expect(ranking).toContain(formatFenExact(4_200_000))
    expect(ranking!.indexOf(agencies[1]!.organisationName)).toBeLessThan(
      ranking!.indexOf(agencies[0]!.organisationName),
    )
    await visitor.goto(`/projects/${projectId}/opening`)
    await visitor.getByText(formatFenExact(4_800_000)).first().waitFor()

    const loser = bidders[2]!
    await loser.goto(`/projects/${projectId}/result`)
    await loser
      .locator('textarea[name="grounds"]')
      .fill('中选机构承诺的时限明显不足以完成报告表编制，请采购人复核。')
    await loser.getByRole('button', { name: '提交质疑' }).click()
    await loser.getByText('中选机构承诺的时限明显不足').first().waitFor()

    await buyer.goto(`/projects/${projectId}/result`)
    await buyer
      .locator('textarea[name="answer"]')
      .fill('经复核，中选机构承诺时限符合事项规定，质疑不成立。')
    await buyer.getByRole('button', { name: '提交答复' }).click()
    await buyer.getByText('经复核，中选机构承诺时限符合事项规定').first().waitFor()

    await visitor.goto(`/projects/${projectId}`)
    const timeline = await visitor.textContent('.timeline')
    expect(timeline).toContain('开标')
    expect(timeline).toContain('中选')
    for (const page of [buyer, supervising, visitor, ...bidders]) await page.context().close()
  })

  async function fillProjectForm(page: Page, title: string) {
    await page.goto('/projects/new')
    await page.locator('select[name="serviceItemCode"]').selectOption('SI-002')
    await page.locator('input[name="title"]').fill(title)
    await page
      .locator('textarea[name="scope"]')
      .fill('完成改造范围内的地形测量与管线探测，提交成果报告。')
    await page.locator('select[name="regionCode"]').selectOption('410902')
    await page.locator('input[name="budgetCap"]').fill('60000')
  }

  it('an unverified department that presses 发布公告 is told why and keeps its form', async () => {
    const buyer = await newPage()
    await signUp(buyer, 'department')
    const title = '濮阳市某街道老旧小区改造项目测绘服务'
    await fillProjectForm(buyer, title)
    await buyer.getByRole('button', { name: '发布公告' }).click()
    // The form's own answer (可先…), not the notice above it (可以先…) that was there before.
    await buyer.getByText('须经监管人员核验后才能发布项目，请耐心等待核验。可先保存草稿').waitFor()
    expect(await buyer.locator('input[name="title"]').inputValue()).toBe(title)
    expect(new URL(buyer.url()).pathname).toBe('/projects/new')
    await buyer.getByRole('button', { name: '保存草稿' }).click()
    await buyer.waitForURL('**/manage')
    await buyer.getByText('草稿尚未公开').waitFor()
  })

  it('an enterprise names the agency for 直接选取 in the form; a name that finds none is told beside it', async () => {
    const agencyPage = await newPage()
    const agency = await agencyOffering(agencyPage)
    const buyer = await newPage()
    await signUp(buyer, 'enterprise')
    const title = '某食品厂扩建项目环境影响报告表编制'
    await fillProjectForm(buyer, title)
    await buyer.locator('input[name="method"][value="direct"]').check()
    await buyer.getByLabel('直接选取的机构').fill('并不存在的某某咨询有限公司')
    await buyer.getByRole('button', { name: '保存草稿' }).click()
    await buyer.getByText('找不到唯一对应的中介机构').waitFor()
    expect(await buyer.locator('input[name="title"]').inputValue()).toBe(title)
    await buyer.getByLabel('直接选取的机构').fill(agency.uscc)
    await buyer.getByRole('button', { name: '保存草稿' }).click()
    await buyer.waitForURL('**/manage')
    await buyer.getByText(`直接选取的机构：${agency.organisationName}`).waitFor()
    await buyer.getByRole('button', { name: '发布公告' }).click()
    await buyer.getByText('公告中').first().waitFor()
    // The agency named by its USCC is the one invited.
    const projectId = new URL(buyer.url()).pathname.split('/')[2]!
    await agencyPage.goto(`/projects/${projectId}/bid`)
    await agencyPage.getByText('采购人邀请贵机构直接承接本项目').waitFor()
    for (const page of [agencyPage, buyer]) await page.context().close()
  })

  it('a double click on 发布补充说明 publishes one notice', async () => {
    const buyer = await newPage()
    await signUp(buyer, 'enterprise')
    await fillProjectForm(buyer, '某食品厂扩建项目地形测量服务')
    await buyer.getByRole('button', { name: '发布公告' }).click()
    await buyer.waitForURL('**/manage')
    const projectId = new URL(buyer.url()).pathname.split('/')[2]!
    await buyer.goto(`/projects/${projectId}/qa`)
    await buyer.locator('form#publish textarea[name="answer"]').fill('测量范围以附图红线为准。')
    // The server answers slowly: the second click comes while the first post is in flight.
    await buyer.route('**/qa.data**', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      const response = await route.fetch()
      await new Promise((resolve) => setTimeout(resolve, 600))
      await route.fulfill({ response }).catch(() => {}) // the page may have dropped it
    })
    const button = buyer.getByRole('button', { name: '发布补充说明' })
    await button.click()
    await buyer.waitForTimeout(150)
    await button.click()
    await buyer.getByText('补充说明已公开发布。').waitFor()
    await buyer.reload()
    expect(await buyer.getByText('测量范围以附图红线为准。').count()).toBe(1)
  })

  it('a lottery announcement shows its draw commitment, and its page fits a phone screen', async () => {
    const buyer = await newPage()
    await signUp(buyer, 'enterprise')
    await buyer.goto('/projects/new')
    await buyer.locator('select[name="serviceItemCode"]').selectOption('SI-002')
    await buyer.locator('input[name="title"]').fill('某食品厂扩建项目环境影响报告表编制')
    await buyer.locator('textarea[name="scope"]').fill('编制环境影响报告表并配合完成审批。')
    await buyer.locator('select[name="regionCode"]').selectOption('410902')
    await buyer.locator('input[name="budgetCap"]').fill('40000')
    await buyer.locator('input[name="method"][value="lottery"]').check()
    await buyer.getByRole('button', { name: '发布公告' }).click()
    await buyer.waitForURL('**/manage')
    const projectId = new URL(buyer.url()).pathname.split('/')[2]!

    // The commitment is 64 hex digits with no break in them: it must wrap, not widen the page.
    const phone = await browser.newContext({
      baseURL: baseUrl!,
      locale: 'zh-CN',
      viewport: { width: 375, height: 740 },
    })
    const visitor = await phone.newPage()
    await visitor.goto(`/projects/${projectId}`)
    await visitor.getByText(/随机抽取承诺值 [0-9a-f]{64}/).waitFor()
    const overflow = await visitor.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await phone.close()
    await buyer.context().close()
  })
})
