import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  baseUrl,
  e2eEnabled,
  launchBrowser,
  signInAs,
  signUpThroughForm,
  supervisor,
} from './browser.ts'

describe.skipIf(!e2eEnabled)('supervisors verify and suspend in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  async function signUp(page: Page, kind: 'agency' | 'department') {
    const org = await signUpThroughForm(page, kind)
    await page.getByRole('button', { name: '退出' }).click()
    await page.waitForURL(`${baseUrl}/`)
    return org
  }

  it('a department waits in the queue until verified; a suspended agency leaves the directory with a public reason', async () => {
    const visitor = await newPage()
    const department = await signUp(visitor, 'department')
    const agency = await signUp(visitor, 'agency')

    const page = await newPage()
    await signInAs(page, supervisor!.phone, supervisor!.password)
    await page.goto('/supervisor/organisations?tab=departments')
    // By the USCC: two test departments may share a name.
    await page.locator('tr', { hasText: department.uscc }).getByRole('link').click()
    await page.getByText('须经监管人员核验后才能发布项目').waitFor()
    await page.getByRole('button', { name: '确认核验' }).click()
    await page.getByText('可以发布').waitFor()

    await page.goto(`/agencies?${new URLSearchParams({ q: agency.organisationName })}`)
    await page.getByRole('link', { name: agency.organisationName }).click()
    const profileUrl = page.url()
    const agencyId = profileUrl.split('/').pop()!
    await page.goto(`/supervisor/organisations/${agencyId}`)
    const suspend = page.locator('form', { has: page.getByRole('button', { name: '暂停' }) })
    await suspend.getByRole('button', { name: '暂停' }).click()
    // An empty reason is refused beside the field; nothing changes.
    expect(await suspend.locator('.field__error').textContent()).toBeTruthy()
    await suspend.locator('textarea[name="reason"]').fill('营业执照已被登记机关吊销，暂停交易')
    await suspend.getByRole('button', { name: '暂停' }).click()
    await page.getByText('营业执照已被登记机关吊销，暂停交易').first().waitFor()

    await visitor.goto(`/agencies?${new URLSearchParams({ q: agency.organisationName })}`)
    expect(await visitor.getByRole('link', { name: agency.organisationName }).count()).toBe(0)
    await visitor.goto(profileUrl)
    expect(await visitor.textContent('main')).toContain('营业执照已被登记机关吊销，暂停交易')
    await page.context().close()
    await visitor.context().close()
  })

  // 2031 is far from every other test's deadlines, so the entry changes none of them.
  it('a supervisor enters a holiday, sees what it changes, is told which pasted line is wrong, and removes it', async () => {
    const page = await newPage()
    await signInAs(page, supervisor!.phone, supervisor!.password)
    const answer = page.locator('.calendar-answer')
    await page.goto('/supervisor/calendar')
    await page.getByLabel('查询日期').fill('2031-03-04')
    await page.getByRole('button', { name: '查询' }).click()
    await page.getByText('2031-03-04（周二）是工作日').waitFor()

    const one = page.locator('#override-one')
    await one.getByLabel('日期').fill('2031-02-30')
    await one.getByRole('button', { name: '保存' }).click()
    expect(await one.locator('.field__error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('真实存在的日期')]),
    )
    expect(await one.getByLabel('日期').inputValue()).toBe('2031-02-30')

    await one.getByLabel('日期').fill('2031-03-05')
    await one.getByLabel('放假').check()
    await one.getByLabel('名称').fill('测试假日')
    await one.getByRole('button', { name: '保存' }).click()
    await page.getByText('已保存 2031-03-05 的条目。').waitFor()
    // The answer and the date field both move to the saved day.
    expect(await answer.textContent()).toContain('2031-03-05（周三）是休息日')
    expect(await page.getByLabel('查询日期').inputValue()).toBe('2031-03-05')
    const row = page.getByRole('row', { name: /2031-03-05/ })
    expect(await row.textContent()).toContain('工作日（周一至周五）')

    await page.goto('/supervisor/calendar?date=2031-03-05')
    expect(await answer.textContent()).toContain('是休息日')
    expect(await answer.textContent()).toContain('监管人员设置（测试假日）')

    const bulk = page.locator('#override-bulk')
    const pasted = '2031-03-06 休 测试假日\n2031-03-07 歇 测试'
    await bulk.getByLabel('放假安排（每行一条）').fill(pasted)
    await bulk.getByRole('button', { name: '全部录入' }).click()
    await bulk.locator('.field__error').waitFor()
    expect(await bulk.locator('.field__error').textContent()).toContain('第 2 行')
    expect(await bulk.getByLabel('放假安排（每行一条）').inputValue()).toBe(pasted)
    expect(await page.getByRole('row', { name: /2031-03-06/ }).count()).toBe(0)

    await page.getByRole('button', { name: '删除 2031-03-05 测试假日' }).click()
    await page.getByText('已删除 2031-03-05 的条目').waitFor()
    expect(await page.getByRole('row', { name: /2031-03-05/ }).count()).toBe(0)
    await page.context().close()
  })

  it("the supervisor's console, calendar and organisations list fit a 320 px phone", async () => {
    const context = await browser.newContext({
      baseURL: baseUrl!,
      locale: 'zh-CN',
      viewport: { width: 320, height: 640 },
    })
    const page = await context.newPage()
    await signInAs(page, supervisor!.phone, supervisor!.password)
    for (const path of ['/supervisor', '/supervisor/calendar', '/supervisor/organisations']) {
      await page.goto(path)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      )
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
    await context.close()
  })
})
