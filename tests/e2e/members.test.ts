import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakePhone } from '../../seed/factories.ts'
import {
  baseUrl,
  e2eEnabled,
  launchBrowser,
  signUpThroughForm,
  supervisor,
  watchErrors,
} from './browser.ts'
import { ownAgencyId } from './market-steps.ts'

// An agency's administrator adds a colleague, who must replace the initial password; a
// forgotten password comes back through the administrator, or through a supervisor.
describe.skipIf(!e2eEnabled)('organisation members in a real browser', () => {
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

  async function signIn(page: Page, login: string, password: string) {
    await page.goto('/signin')
    await page.getByLabel('手机号或邮箱').fill(login)
    await page.locator('input[name="password"]').fill(password)
    await page.getByRole('button', { name: '登录' }).click()
  }

  async function changeInitialPassword(page: Page, current: string, next: string) {
    await page.waitForURL('**/account/password')
    await page.getByText('管理员设置的初始密码').waitFor()
    await page.getByLabel('当前密码').fill(current)
    await page.locator('input[name="newPassword"]').fill(next)
    await page.getByLabel('确认新密码').fill(next)
    await page.getByRole('button', { name: '保存新密码' }).click()
    await page.waitForURL('**/account?password=changed')
  }

  it('adds a colleague, who changes the initial password at first sign-in and can be reset', async () => {
    const admin = await newPage()
    const errors = watchErrors(admin)
    const org = await signUpThroughForm(admin, 'agency')
    await admin.getByRole('link', { name: '机构成员' }).click()
    await admin.getByRole('heading', { name: '机构成员' }).waitFor()

    // A mistake is told beside its field, and what was typed stays.
    const phone = fakePhone()
    await admin.getByLabel('姓名').fill('李同事')
    await admin.getByLabel('手机号').fill(org.phone)
    await admin.getByLabel('初始密码').fill('Initial-2026a')
    await admin.getByRole('button', { name: '新增成员' }).click()
    await admin.getByText('该手机号已注册').waitFor()
    expect(await admin.getByLabel('姓名').inputValue()).toBe('李同事')

    await admin.getByLabel('手机号').fill(phone)
    await admin.getByLabel('初始密码').fill('Initial-2026a')
    await admin.getByRole('button', { name: '新增成员' }).click()
    await admin.getByText('已新增成员').waitFor()
    const row = admin.getByRole('row', { name: /李同事/ })
    expect(await row.textContent()).toContain('待本人修改初始密码')

    const colleague = await newPage()
    await signIn(colleague, phone, 'Initial-2026a')
    // Until the password is theirs alone, every signed-in page sends them to change it.
    await colleague.waitForURL('**/account/password')
    await colleague.goto('/my/offerings')
    await colleague.waitForURL('**/account/password')
    await changeInitialPassword(colleague, 'Initial-2026a', 'Colleague-own-1')
    await colleague.goto('/account/members')
    // A plain member sees the list but no buttons that manage it.
    await colleague.getByText('请联系本机构的账号管理员').waitFor()
    expect(await colleague.getByRole('button', { name: /重置密码/ }).count()).toBe(0)

    // The colleague forgot it: the administrator sets a new initial one.
    await admin.goto('/account/members')
    await row.getByText('重置密码…').click()
    await row.getByLabel('李同事的初始密码').fill('short')
    await row.getByRole('button', { name: '确认重置李同事的密码' }).click()
    await admin.getByText('密码至少 8 位').waitFor()
    await row.getByLabel('李同事的初始密码').fill('Reset-by-admin-2')
    await row.getByRole('button', { name: '确认重置李同事的密码' }).click()
    await admin.getByText('已重置密码').waitFor()

    // The colleague's session ended with the old password.
    await colleague.goto('/my')
    await colleague.waitForURL('**/signin**')
    await signIn(colleague, phone, 'Reset-by-admin-2')
    await changeInitialPassword(colleague, 'Reset-by-admin-2', 'Colleague-own-2')
    // The two refusals above answer 400 on purpose; nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
    await admin.context().close()
    await colleague.context().close()
  })

  it('lets a supervisor reset the only administrator’s password (no JavaScript)', async () => {
    const agency = await newPage()
    const org = await signUpThroughForm(agency, 'agency')
    const organisationId = await ownAgencyId(agency)

    const desk = await newPage(false)
    await signIn(desk, supervisor!.phone, supervisor!.password)
    await desk.goto(`/supervisor/organisations/${organisationId}`)
    await desk.getByRole('link', { name: '账号与密码重置' }).click()
    await desk.getByRole('cell', { name: org.contactName, exact: true }).waitFor()
    await desk.getByText('重置密码…').click()
    await desk.getByLabel(`${org.contactName}的初始密码`).fill('Desk-reset-2026')
    await desk.getByRole('button', { name: `确认重置${org.contactName}的密码` }).click()
    await desk.getByText('已重置密码').waitFor()

    await signIn(agency, org.phone, 'Desk-reset-2026')
    await changeInitialPassword(agency, 'Desk-reset-2026', 'Agency-own-2026')
    await agency.context().close()
    await desk.context().close()
  })
})
