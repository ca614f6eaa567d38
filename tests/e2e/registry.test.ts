import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSignUp } from '../../seed/factories.ts'
import { baseUrl, e2eEnabled, launchBrowser } from './browser.ts'

const CMA = '检验检测机构资质认定证书（CMA）'

describe.skipIf(!e2eEnabled)('an agency lists its services in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  async function signUpAgency(page: Page) {
    const agency = buildSignUp({ kind: 'agency' })
    await page.goto('/signup')
    await page.locator('input[name="kind"][value="agency"]').check()
    await page.getByLabel('机构名称').fill(agency.organisationName)
    await page.getByLabel('统一社会信用代码').fill(agency.uscc)
    await page.getByLabel('联系人姓名').fill(agency.contactName)
    await page.getByLabel('手机号（用于登录）').fill(agency.phone)
    await page.locator('input[name="password"]').fill(agency.password)
    await page.getByLabel('确认密码').fill(agency.confirmPassword)
    await page.getByRole('button', { name: '注册' }).click()
    await page.waitForURL('**/account?welcome=1')
    return agency
  }

  async function addOffering(page: Page, item: string, fee: Record<string, string>, days: string) {
    await page.goto('/my/offerings/new')
    await page.locator('select[name="serviceItemCode"]').selectOption(item)
    await page.locator(`input[name="feeKind"][value="${fee.kind}"]`).check()
    for (const [name, value] of Object.entries(fee)) {
      if (name !== 'kind') await page.locator(`input[name="${name}"]`).fill(value)
    }
    await page.locator('input[name="timeLimitDays"]').fill(days)
    await page.getByRole('button', { name: '发布' }).click()
    await page.waitForURL((url) => !url.pathname.endsWith('/new'))
  }

  /** A CMA certificate valid 2024–2030, added on the agency's 资质 page. */
  async function addCmaQualification(page: Page, number: string) {
    await page.goto('/my/qualifications')
    await page.locator('select[name="type"]').selectOption(CMA)
    await page.locator('input[name="level"]').fill('甲级')
    await page.locator('input[name="number"]').fill(number)
    await page.locator('input[name="issuer"]').fill('河南省市场监督管理局')
    await page.locator('input[name="validFrom"]').fill('2024-01-01')
    await page.locator('input[name="validTo"]').fill('2030-12-31')
    await page.getByRole('button', { name: '添加' }).click()
    await page.getByText(number).first().waitFor()
  }

  it('signs up, adds a qualification and two offerings, and is found by the public', async () => {
    const page = await (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()
    const agency = await signUpAgency(page)

    await addCmaQualification(page, '221612345678')

    // 环境监测 (SI-004) needs the CMA certificate; 水土保持方案编制 (SI-005) needs none.
    await addOffering(page, 'SI-004', { kind: 'fixed', feeFixed: '30000' }, '10')
    await addOffering(page, 'SI-005', { kind: 'range', feeMin: '20000', feeMax: '60000' }, '25')
    await page.goto('/my/offerings')
    expect(await page.textContent('main')).toMatch(
      /环境监测[\s\S]*水土保持方案编制|水土保持方案编制[\s\S]*环境监测/,
    )

    await page.getByRole('button', { name: '退出' }).click()
    await page.waitForURL(`${baseUrl}/`)

    await page.goto(`/agencies?${new URLSearchParams({ q: agency.organisationName })}`)
    const card = page.getByRole('link', { name: agency.organisationName })
    expect(await card.count()).toBeGreaterThan(0)
    await page.goto('/agencies?item=SI-004')
    expect(await page.textContent('main')).toContain(agency.organisationName)

    for (const [code, fee] of [
      ['SI-004', '3 万'],
      ['SI-005', '¥2–6 万'],
    ] as const) {
      await page.goto(`/items/${code}?sort=fee`)
      const row = page.locator('tr, li').filter({ hasText: agency.organisationName }).first()
      expect(await row.count(), code).toBe(1)
      expect(await row.textContent(), code).toContain(fee)
    }
    await page.context().close()
  })

  it('removes a practitioner and a qualification with their rows’ 删除 buttons', async () => {
    const page = await (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()
    await signUpAgency(page)
    await page.goto('/my/practitioners')
    await page.getByLabel('姓名').fill('王建国')
    await page.getByLabel('证书类型').fill('注册测绘师')
    await page.getByLabel('证书编号').fill('CH20240001')
    await page.getByRole('button', { name: '添加' }).click()
    await page.getByRole('button', { name: '删除执业人员 王建国' }).click()
    await page.getByText('执业人员已删除。').waitFor()
    expect(await page.getByText('CH20240001').count()).toBe(0)

    await addCmaQualification(page, '221699990000')
    await page.getByRole('button', { name: `删除资质 ${CMA} 221699990000` }).click()
    await page.getByText('资质已删除。').waitFor()
    expect(await page.getByText('221699990000').count()).toBe(0)
    await page.context().close()
  })

  it('takes a page number past the end to the last page, filters kept', async () => {
    const page = await (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()
    const agency = await signUpAgency(page)
    await page.goto(
      `/agencies?${new URLSearchParams({ q: agency.organisationName, page: '9999' })}`,
    )
    const url = new URL(page.url())
    expect(url.searchParams.get('q')).toBe(agency.organisationName)
    expect(url.searchParams.has('page')).toBe(false)
    await page.getByRole('link', { name: agency.organisationName }).first().waitFor()
    await page.goto('/projects?page=9999')
    expect(page.url()).toBe(`${baseUrl}/projects`)
    await page.context().close()
  })
})
