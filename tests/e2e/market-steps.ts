import type { Page } from 'playwright-core'

// Steps of the market that several browser tests take on the way to what they check.

/** The signed-in agency publishes an offering (¥10,000–80,000, 20 working days). */
export async function publishOffering(agency: Page, item = 'SI-002') {
  await agency.goto('/my/offerings/new')
  await agency.locator('select[name="serviceItemCode"]').selectOption(item)
  await agency.locator('input[name="feeKind"][value="range"]').check()
  await agency.locator('input[name="feeMin"]').fill('10000')
  await agency.locator('input[name="feeMax"]').fill('80000')
  await agency.locator('input[name="timeLimitDays"]').fill('20')
  await agency.getByRole('button', { name: '发布' }).click()
  await agency.waitForURL((url) => !url.pathname.endsWith('/new'))
}

/** The signed-in agency's id, read from the link to its public page. */
export async function ownAgencyId(agency: Page) {
  await agency.goto('/my/profile')
  const profile = await agency
    .getByRole('link', { name: '查看本机构的公开页面' })
    .getAttribute('href')
  return profile!.split('/').pop()!
}

/** The signed-in buyer picks the agency directly for an SI-002 project (cap ¥50,000). */
export async function postDirectProject(buyer: Page, agencyId: string, title: string) {
  await buyer.goto(`/projects/new?agency=${agencyId}`)
  await buyer.locator('select[name="serviceItemCode"]').selectOption('SI-002')
  await buyer.locator('input[name="title"]').fill(title)
  await buyer.locator('textarea[name="scope"]').fill('编制环境影响报告表并配合完成审批。')
  await buyer.locator('select[name="regionCode"]').selectOption('410902')
  await buyer.locator('input[name="budgetCap"]').fill('50000')
  await buyer.getByRole('button', { name: '发布公告' }).click()
  await buyer.waitForURL('**/manage')
  return new URL(buyer.url()).pathname.split('/')[2]!
}

/**
 * A direct project the agency accepts at ¥36,000: an award final at once. Both pages signed
 * in, the agency with an SI-002 offering. Returns the project's id.
 */
export async function directAward(buyer: Page, agency: Page, agencyId: string, title: string) {
  const projectId = await postDirectProject(buyer, agencyId, title)
  await agency.goto(`/projects/${projectId}/bid`)
  await agency.locator('input[name="price"]').fill('36000')
  await agency.getByRole('button', { name: '接受并报价' }).click()
  await agency.waitForLoadState('networkidle')
  return projectId
}
