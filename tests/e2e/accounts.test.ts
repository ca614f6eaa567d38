import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSignUp } from '../../seed/factories.ts'
import { baseUrl, e2eEnabled, launchBrowser } from './browser.ts'

describe.skipIf(!e2eEnabled)('accounts in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  async function newPage(javaScript = true): Promise<Page> {
    const context = await browser.newContext({
      baseURL: baseUrl!,
      javaScriptEnabled: javaScript,
      locale: 'zh-CN',
    })
    return context.newPage()
  }

  async function signUpAs(page: Page, input: ReturnType<typeof buildSignUp>) {
    await page.goto('/signup')
    await page.locator(`input[name="kind"][value="${input.kind}"]`).check()
    await page.getByLabel('机构名称').fill(input.organisationName)
    await page.getByLabel('统一社会信用代码').fill(input.uscc)
    await page.getByLabel('联系人姓名').fill(input.contactName)
    await page.getByLabel('手机号（用于登录）').fill(input.phone)
    await page.locator('input[name="password"]').fill(input.password)
    await page.getByLabel('确认密码').fill(input.confirmPassword)
    await page.getByRole('button', { name: '注册' }).click()
  }

  it('an agency signs up, signs out, signs in and sees its account page', async () => {
    const page = await newPage()
    const agency = buildSignUp({ kind: 'agency' })
    await signUpAs(page, agency)
    await page.waitForURL('**/account?welcome=1')
    await page.getByRole('heading', { name: '我的账户' }).waitFor()
    expect(await page.textContent('main')).toContain(agency.organisationName)

    await page.getByRole('button', { name: '退出' }).click()
    await page.waitForURL(`${baseUrl}/`)
    await page.getByRole('link', { name: '登录' }).first().waitFor()

    await page.goto('/signin')
    await page.getByLabel('手机号或邮箱').fill(agency.phone)
    await page.locator('input[name="password"]').fill(agency.password)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL('**/account')
    await page.getByText(agency.uscc).waitFor()
    await page.context().close()
  })

  it('a wrong password shows an error beside the field and keeps the phone number (no JavaScript)', async () => {
    const page = await newPage(false)
    const agency = buildSignUp({ kind: 'agency' })
    await signUpAs(page, agency)
    await page.waitForURL('**/account?welcome=1')
    await page.getByRole('button', { name: '退出' }).click()
    await page.goto('/signin')
    await page.getByLabel('手机号或邮箱').fill(agency.phone)
    await page.locator('input[name="password"]').fill('Wrong-password-9')
    await page.getByRole('button', { name: '登录' }).click()
    const password = page.locator('input[name="password"]')
    const errorId = await password.getAttribute('aria-describedby')
    expect(errorId).toBeTruthy()
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(
      '手机号/邮箱或密码不正确',
    )
    expect(await page.getByLabel('手机号或邮箱').inputValue()).toBe(agency.phone)
    expect(await password.inputValue()).toBe('')
    await page.context().close()
  })

  it('an invalid USCC is refused beside its field and the form keeps what was typed', async () => {
    const page = await newPage(false)
    const agency = buildSignUp({ kind: 'enterprise' })
    await signUpAs(page, {
      ...agency,
      uscc: agency.uscc.slice(0, 17) + (agency.uscc[17] === '0' ? '1' : '0'),
    })
    const uscc = page.getByLabel('统一社会信用代码')
    const describedBy = (await uscc.getAttribute('aria-describedby'))!.split(' ')
    const descriptions = await Promise.all(
      describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()),
    )
    expect(descriptions.join(' ')).toContain('校验位')
    expect(await page.getByLabel('机构名称').inputValue()).toBe(agency.organisationName)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('uscc')
    await page.context().close()
  })

  it('a buyer gets a Chinese 403 page on the supervisor console', async () => {
    const page = await newPage()
    await signUpAs(page, buildSignUp({ kind: 'enterprise' }))
    await page.waitForURL('**/account?welcome=1')
    const response = await page.goto('/supervisor')
    expect(response?.status()).toBe(403)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('无权访问')
    await page.context().close()
  })

  it('a refused form post shows its error page with the visitor still signed in (no JavaScript)', async () => {
    const page = await newPage(false)
    const buyer = buildSignUp({ kind: 'enterprise' })
    await signUpAs(page, buyer)
    await page.waitForURL('**/account?welcome=1')
    // A form whose token no longer matches the cookie, as after the cookie was renewed.
    const response = await page.request.post('/account/password', {
      form: { csrf: 'stale-token', currentPassword: buyer.password },
    })
    expect(response.status()).toBe(403)
    const html = await response.text()
    expect(html).toContain('表单已过期或来源不明')
    // The header is the root's: it still names the buyer and offers 退出, not 登录.
    expect(html).toContain(buyer.organisationName)
    expect(html).toMatch(/<button[^>]*>\s*退出/)
    await page.context().close()
  })

  it('a phone-width screen shows the sign-up form without horizontal scrolling', async () => {
    const context = await browser.newContext({
      baseURL: baseUrl!,
      viewport: { width: 375, height: 740 },
    })
    const page = await context.newPage()
    await page.goto('/signup')
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await context.close()
  })
})
