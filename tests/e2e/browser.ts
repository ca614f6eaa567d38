import { type Browser, chromium, type Page } from 'playwright-core'
import { inject } from 'vitest'

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
