import { type Browser, chromium, type Page } from 'playwright-core'
import { inject } from 'vitest'
import { buildSignUp } from '../../seed/factories.ts'

export const baseUrl = inject('e2eBaseUrl')
export const e2eEnabled = baseUrl != null

/** Debian's Chromium, headless, with the flags a closed network needs; Playwright gives it a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath')!,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export const supervisor = inject('e2eSupervisor')

/** Signs in through the form, as a person would. */
export async function signInAs(page: Page, login: string, password: string) {
  await page.goto('/signin')
  await page.getByLabel('手机号或邮箱').fill(login)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL('**/account')
}

/** Signs an organisation up through the form and stays signed in as its first user. */
export async function signUpThroughForm(page: Page, kind: 'agency' | 'department' | 'enterprise') {
  const org = buildSignUp({ kind })
  await page.goto('/signup')
  await page.locator(`input[name="kind"][value="${kind}"]`).check()
  await page.getByLabel('机构名称').fill(org.organisationName)
  await page.getByLabel('统一社会信用代码').fill(org.uscc)
  await page.getByLabel('联系人姓名').fill(org.contactName)
  await page.getByLabel('手机号（用于登录）').fill(org.phone)
  await page.locator('input[name="password"]').fill(org.password)
  await page.getByLabel('确认密码').fill(org.confirmPassword)
  await page.getByRole('button', { name: '注册' }).click()
  await page.waitForURL('**/account?welcome=1')
  return org
}

/** Console errors and failed scripts, CSP refusals among them ("Refused to …"). */
export function watchErrors(page: Page) {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}
