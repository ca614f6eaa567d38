import type { Page } from 'playwright-core'

/** Console errors and failed scripts, CSP refusals among them ("Refused to …"). */
export function watchErrors(page: Page) {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}

/** The signed-in agency publishes an SI-002 offering (¥10,000–80,000, 20 working days); returns its id. */
export async function publishOffering(agency: Page) {
  await agency.goto('/my/offerings/new')
  await agency.locator('select[name="serviceItemCode"]').selectOption('SI-002')
  await agency.locator('input[name="feeKind"][value="range"]').check()
  await agency.locator('input[name="feeMin"]').fill('10000')
  await agency.locator('input[name="feeMax"]').fill('80000')
  await agency.locator('input[name="timeLimitDays"]').fill('20')
  await agency.getByRole('button', { name: '发布' }).click()
  await agency.waitForURL((url) => !url.pathname.endsWith('/new'))
  await agency.goto('/my/profile')
  const profile = await agency
    .getByRole('link', { name: '查看本机构的公开页面' })
    .getAttribute('href')
  return profile!.split('/').pop()!
}

/**
 * The signed-in enterprise picks the agency directly (cap ¥50,000) and the agency accepts at
 * ¥36,000: an award final at once. Returns the project's id.
 */
export async function directAward(buyer: Page, agency: Page, agencyId: string, title: string) {
  await buyer.goto(`/projects/new?agency=${agencyId}`)
  await buyer.locator('select[name="serviceItemCode"]').selectOption('SI-002')
  await buyer.locator('input[name="title"]').fill(title)
  await buyer.locator('textarea[name="scope"]').fill('编制环境影响报告表并配合完成审批。')
  await buyer.locator('select[name="regionCode"]').selectOption('410902')
  await buyer.locator('input[name="budgetCap"]').fill('50000')
  await buyer.getByRole('button', { name: '发布公告' }).click()
  await buyer.waitForURL('**/manage')
  const projectId = new URL(buyer.url()).pathname.split('/')[2]!

  await agency.goto(`/projects/${projectId}/bid`)
  await agency.locator('input[name="price"]').fill('36000')
  await agency.getByRole('button', { name: '接受并报价' }).click()
  await agency.waitForLoadState('networkidle')
  return projectId
}
