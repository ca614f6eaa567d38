import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AwardResult, type AwardResultProps } from '../../app/components/projects/award-result.tsx'
import type { ProjectResult } from '../../models/project-award.ts'

// What the public reads under 中选结果 in each state the award can be in.

const ranking: ProjectResult = {
  method: 'lowest_price',
  ranking: [
    {
      rank: 1,
      bidId: 'b1',
      agencyId: 'a1',
      agencyName: '甲评估公司',
      priceFen: 3_600_000,
      note: '',
    },
    {
      rank: 2,
      bidId: 'b2',
      agencyId: 'a2',
      agencyName: '乙评估公司',
      priceFen: 3_900_000,
      note: '',
    },
  ],
  excluded: [],
}

const awarded: AwardResultProps = {
  project: {
    id: 'p1',
    status: 'awarded',
    method: 'lowest_price',
    awardedAt: '2026-11-20T02:00:00.000Z',
    awardedPriceFen: 3_600_000,
    publicityEndsAt: '2026-11-25T02:00:00.000Z',
    awardFinalAt: null,
    endReason: null,
  },
  result: ranking,
  buyerName: '某市生态环境局',
  winnerName: '甲评估公司',
  publicityOpen: true,
  openObjections: 0,
  signing: [],
}

const offered = (rank: number, status: 'refused' | 'signing' | 'lapsed', name: string) => ({
  id: `c${rank}`,
  number: `HT-${rank}`,
  rank,
  status,
  agencyId: `a${rank}`,
  agencyName: name,
  amountFen: 3_600_000,
  createdAt: '2026-11-26T02:00:00.000Z',
  signDueAt: '2026-12-03T02:00:00.000Z',
  signedAt: null,
  endedAt: status === 'signing' ? null : '2026-11-27T02:00:00.000Z',
  endReason: null,
})

const markup = (props: AwardResultProps) => renderToStaticMarkup(createElement(AwardResult, props))
const text = (props: AwardResultProps) => markup(props).replace(/<[^>]+>/g, ' ')
/** The facts list's 中选机构 line: only a live award has one. */
const namesWinner = (props: AwardResultProps) => markup(props).includes('<dt>中选机构</dt>')

describe('the award section of the result page', () => {
  it('a published award names the winner, the price and that publicity is running', () => {
    const shown = text(awarded)
    expect(namesWinner(awarded)).toBe(true)
    expect(shown).toContain('甲评估公司')
    expect(shown).toContain('中选金额  ¥36,000.00')
    expect(shown).toContain('公示中')
    expect(shown).not.toContain('撤销')
  })

  it('after publicity it waits for the open objections, then says when it took effect', () => {
    const waiting = text({ ...awarded, publicityOpen: false, openObjections: 2 })
    expect(waiting).toContain('待质疑全部办结后生效（现有 2 件未办结）')
    const final = text({
      ...awarded,
      publicityOpen: false,
      project: { ...awarded.project, awardFinalAt: '2026-11-25T02:00:00.000Z' },
    })
    expect(final).toContain('已生效')
  })

  it('an upheld objection shows the old result as revoked, with no winner', () => {
    const shown = text({ ...awarded, project: { ...awarded.project, status: 'opened' } })
    expect(shown).toContain('已因质疑成立被撤销，项目正在重新评审')
    expect(namesWinner({ ...awarded, project: { ...awarded.project, status: 'opened' } })).toBe(
      false,
    )
    expect(shown).toContain('甲评估公司') // still in the ranking, as it was published
  })

  it('an upheld objection that ends the procedure (重新组织采购) also shows the result as revoked', () => {
    const ended: AwardResultProps = {
      ...awarded,
      project: { ...awarded.project, status: 'failed', endReason: '质疑成立，重新组织采购' },
    }
    expect(text(ended)).toContain('已因质疑成立被撤销。')
    expect(namesWinner(ended)).toBe(false)
  })

  it('after the first-ranked agency refuses, the next one is named as taking over (递补)', () => {
    const shown = text({
      ...awarded,
      project: { ...awarded.project, status: 'awarded' },
      winnerName: '乙评估公司',
      signing: [offered(1, 'refused', '甲评估公司'), offered(2, 'signing', '乙评估公司')],
    })
    expect(shown).toContain('乙评估公司（排名第 2 名，按排名递补）')
    expect(shown).toContain('合同签订情况')
  })

  it('when nobody signed, the ranking and the refusals stay, without a winner or a revocation', () => {
    const unsigned: AwardResultProps = {
      ...awarded,
      project: { ...awarded.project, status: 'failed', endReason: '中选机构均未签订合同' },
      signing: [offered(1, 'refused', '甲评估公司'), offered(2, 'lapsed', '乙评估公司')],
    }
    const shown = text(unsigned)
    expect(namesWinner(unsigned)).toBe(false)
    expect(shown).toContain('流标原因：中选机构均未签订合同')
    expect(shown).toContain('合同签订情况')
    expect(shown).not.toContain('撤销')
  })

  it('a failed procedure without a result says so', () => {
    const shown = text({
      ...awarded,
      result: null,
      winnerName: null,
      project: { ...awarded.project, status: 'failed', endReason: '有效报价不足 3 家' },
    })
    expect(shown).toContain('流标原因：有效报价不足 3 家')
    expect(shown).toContain('本项目未产生中选结果。')
  })
})
