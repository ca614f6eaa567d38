import { describe, expect, it } from 'vitest'
import { bidOutcomeOf } from '../../models/rules/bid-outcome.ts'

const me = 'agency-me'
const open = {
  status: 'published' as const,
  winnerAgencyId: null,
  withdrawnAt: null,
  setAsideAt: null,
  myContractStatus: null,
}
const at = new Date('2026-11-20T02:00:00Z')

describe('what became of my bid', () => {
  it('is under way until the procedure ends, and won or lost after', () => {
    expect(bidOutcomeOf(open, me)).toBe('pending')
    expect(bidOutcomeOf({ ...open, status: 'awarded', winnerAgencyId: me }, me)).toBe('won')
    expect(bidOutcomeOf({ ...open, status: 'awarded', winnerAgencyId: 'other' }, me)).toBe('lost')
  })

  it('is set aside, not under way, once a blacklisting set it aside', () => {
    expect(bidOutcomeOf({ ...open, setAsideAt: at }, me)).toBe('setAside')
    expect(
      bidOutcomeOf({ ...open, setAsideAt: at, status: 'awarded', winnerAgencyId: 'other' }, me),
    ).toBe('setAside')
    // The procedure's own end still says more: nobody won.
    expect(bidOutcomeOf({ ...open, setAsideAt: at, status: 'failed' }, me)).toBe('failed')
    expect(bidOutcomeOf({ ...open, setAsideAt: at, withdrawnAt: at }, me)).toBe('withdrawn')
  })

  it('tells a winner that refused to sign or let the signing lapse', () => {
    const won = { ...open, status: 'awarded' as const, winnerAgencyId: me }
    expect(bidOutcomeOf({ ...won, myContractStatus: 'refused' }, me)).toBe('refused')
    expect(bidOutcomeOf({ ...won, myContractStatus: 'lapsed' }, me)).toBe('lapsed')
  })
})
