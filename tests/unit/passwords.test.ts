import { describe, expect, it } from 'vitest'
import { bcryptCostFor } from '../../models/passwords.ts'

describe('bcrypt cost', () => {
  it('is 12 wherever the platform runs: production, development, a script', () => {
    expect(bcryptCostFor({ NODE_ENV: 'production' })).toBe(12)
    expect(bcryptCostFor({ NODE_ENV: 'production', VITEST: 'true' })).toBe(12)
    expect(bcryptCostFor({ NODE_ENV: 'development' })).toBe(12)
    expect(bcryptCostFor({})).toBe(12)
    // NODE_ENV=test alone (someone's shell) is not a test run.
    expect(bcryptCostFor({ NODE_ENV: 'test' })).toBe(12)
  })

  it('is bcrypt’s minimum only inside a Vitest run', () => {
    expect(bcryptCostFor({ NODE_ENV: 'test', VITEST: 'true' })).toBe(4)
  })
})
