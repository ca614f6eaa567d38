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

describe.skipIf(!e2eEnabled)('credit and supervision in a real browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())

  const newPage = async () =>
    (await browser.newContext({ baseURL: baseUrl!, locale: 'zh-CN' })).newPage()

  async function agencyIdOf(page: Page, name: string) {
    await page.goto(`/agencies?${new URLSearchParams({ q: name })}`)
    await page.getByRole('link', { name }).click()
    await page.waitForURL(/\/agencies\/[0-9a-f-]{36}$/)
    return page.url().split('/').pop()!
  }

  it('complaint → finding → the agency replies → deduction confirmed → blacklisted, all public', async () => {
    const agency = await newPage()
    const agencyOrg = await signUpThroughForm(agency, 'agency')
    const complainant = await newPage()
    const complainantOrg = await signUpThroughForm(complainant, 'enterprise')
    const agencyId = await agencyIdOf(complainant, agencyOrg.organisationName)

    // A signed-in enterprise complains from the agency's profile.
    await complainant.getByRole('link', { name: '投诉', exact: true }).click()
    await complainant.getByText(agencyOrg.organisationName).first().waitFor()
    await complainant.getByLabel('投诉事项').fill('承诺的现场踏勘未进行')
    await complainant.getByRole('button', { name: '提交投诉' }).click()
    // Bad input is refused beside the field and what was typed stays.
    await complainant
      .getByText(/投诉事实和理由/)
      .first()
      .waitFor()
    expect(await complainant.getByLabel('投诉事项').inputValue()).toBe('承诺的现场踏勘未进行')
    await complainant
      .getByLabel('投诉事实和理由')
      .fill('合同约定 3 月 2 日现场踏勘，机构未到场，却在报告中写明已踏勘并附照片。')
    await complainant.getByRole('button', { name: '提交投诉' }).click()
    await complainant.waitForURL(/done=1/)

    // The supervisor finds it in the console's queue with its deadline, and substantiates it.
    const officer = await newPage()
    await signInAs(officer, supervisor!.phone, supervisor!.password)
    await officer.goto('/supervisor')
    await officer.getByRole('link', { name: /投诉/ }).first().waitFor()
    await officer.goto('/supervisor/complaints')
    // Other tests' complaints share the queue: this one is found by its agency and subject.
    const item = officer
      .locator('li.complaint')
      .filter({ hasText: agencyOrg.organisationName })
      .filter({ hasText: '承诺的现场踏勘未进行' })
      .locator('form', { has: officer.getByRole('button', { name: '提交处理结果' }) })
    await item.getByLabel('投诉属实', { exact: true }).check()
    await item
      .getByLabel('处理意见（公开，并通知投诉人和被投诉方）')
      .fill('经调取现场记录，投诉属实。')
    await item.locator('input[name="recordFinding"]').check()
    await item.getByLabel(/认定的事实/).fill('报告所述现场踏勘未实际进行')
    await item.getByRole('button', { name: '提交处理结果' }).click()
    await officer.waitForURL(/done=finding/)

    // The agency has three working days to reply before the deduction counts.
    await agency.goto(`/agencies/${agencyId}/credit`)
    await agency.getByText('报告所述现场踏勘未实际进行').first().waitFor()
    expect(await agency.locator('.credit-summary__score strong').textContent()).toBe('100')
    await agency.getByLabel('陈述意见').fill('因道路封闭改期踏勘，已补充记录，请予考虑。')
    await agency.getByRole('button', { name: '提交陈述意见' }).click()
    await agency.getByText('陈述意见已提交并公开').waitFor()

    // The supervisor reads the reply and confirms: the deduction becomes final.
    await officer.goto(`/agencies/${agencyId}/credit`)
    await officer.getByText('因道路封闭改期踏勘').first().waitFor()
    await officer.getByLabel(/维持认定/).check()
    await officer.getByLabel('理由（公开）').fill('改期未告知采购人，报告仍写已踏勘，维持认定。')
    await officer.getByRole('button', { name: '提交决定' }).click()
    await officer.getByText('决定已作出并通知该机构。').waitFor()
    expect(await officer.locator('.credit-summary__score strong').textContent()).toBe('95')

    // Then blacklists it, with a public reason and a term.
    await officer.goto(`/supervisor/blacklist?agency=${agencyId}`)
    await officer.getByLabel('列入理由（向公众公开）').fill('出具虚假现场踏勘记录，情节严重。')
    await officer.getByLabel(/期限（月）/).fill('6')
    await officer.getByRole('button', { name: '列入失信名单' }).click()
    await officer.waitForURL(/done=blacklist/)
    // The form starts empty again; sent again, it asks whether this is a further breach, as a
    // second listing removes the agency from the market.
    await officer.getByRole('heading', { name: '再次列入失信名单' }).waitFor()
    const reason = officer.getByLabel('列入理由（向公众公开）')
    expect(await reason.inputValue()).toBe('')
    await reason.fill('出具虚假现场踏勘记录，情节严重。')
    await officer.getByRole('button', { name: '列入失信名单' }).click()
    await officer.locator('.field__error', { hasText: '该机构已在失信名单中' }).waitFor()

    // The public sees all of it: the record with the reply and decision, and the blacklist.
    const visitor = await newPage()
    await visitor.goto(`/agencies/${agencyId}/credit`)
    const credit = (await visitor.textContent('main'))!
    for (const text of [
      '报告所述现场踏勘未实际进行',
      '因道路封闭改期踏勘，已补充记录，请予考虑。',
      '改期未告知采购人，报告仍写已踏勘，维持认定。',
      '出具虚假现场踏勘记录，情节严重。',
      '列入失信名单至',
    ])
      expect(credit).toContain(text)
    await visitor.goto('/blacklist')
    await visitor.getByText(agencyOrg.organisationName).first().waitFor()
    expect(await visitor.textContent('main')).toContain('出具虚假现场踏勘记录，情节严重。')
    const found = await (
      await fetch(
        `${baseUrl}/api/v1/search?type=agency&q=${encodeURIComponent(agencyOrg.organisationName)}`,
      )
    ).json()
    expect(found.results.map((r: { id: string }) => r.id)).not.toContain(agencyId)

    // The complaint's outcome is public, without the complainant.
    await visitor.goto('/complaints')
    await visitor.getByText('经调取现场记录，投诉属实。').first().waitFor()
    expect(await visitor.textContent('main')).not.toContain(complainantOrg.organisationName)
    for (const page of [agency, complainant, officer, visitor]) await page.context().close()
  })
})
