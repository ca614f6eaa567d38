import { readFileSync } from 'node:fs'
import Ajv from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { awardId } from '../../models/rules/ocds-contracts.ts'
import { releasePackage, recordPackage } from '../../models/rules/ocds-package.ts'
import {
  assembleRelease,
  canonicalJson,
  compileReleaseBody,
  releaseTags,
  sameContent,
} from '../../models/rules/ocds-release.ts'
import type {
  OcdsContract,
  OcdsProjectState,
  OcdsRelease,
  OcdsReleaseBody,
} from '../../models/rules/ocds-types.ts'

// The package schemas $ref the release schema by its URL: registered here, never fetched.
const schema = (name: string) =>
  JSON.parse(readFileSync(`schemas/ocds-1.1/${name}`, 'utf8')) as Record<string, unknown>
const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
ajv.addSchema(schema('release-schema.json'))
ajv.addSchema(schema('versioned-release-validation-schema.json'))
const validReleasePackage = ajv.compile(schema('release-package-schema.json'))
const validRecordPackage = ajv.compile(schema('record-package-schema.json'))

const meta = { uri: 'http://zjcs.test/p', origin: 'http://zjcs.test', publishedDate: new Date() }

function expectValidPackage(releases: OcdsRelease[]) {
  const ok = validReleasePackage(releasePackage(meta, { releases, next: null, prev: null }))
  expect(validReleasePackage.errors ?? []).toEqual([])
  expect(ok).toBe(true)
  const record = validRecordPackage(recordPackage(meta, releases))
  expect(validRecordPackage.errors ?? []).toEqual([])
  expect(record).toBe(true)
}

const t = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour))
const PROJECT = '6f1f5c2e-8b1a-4a52-9d51-0d1f3c9e7a10'
const org = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name: `机构${n}`,
  uscc: `91410100MA00000${n}XX`,
  regionName: '河南省 郑州市 金水区',
})
const buyer = { ...org(0), name: '某县生态环境局' }
const [a1, a2, a3] = [org(1), org(2), org(3)]

function published(): OcdsProjectState {
  return {
    ocid: `ocds-zjcs00-${PROJECT}`,
    project: {
      id: PROJECT,
      title: '环境影响报告表编制',
      scope: '编制报告表',
      status: 'published',
      method: 'lowest_price',
      funding: 'budget',
      budgetCapFen: 5_000_000,
      serviceItemCode: 'SI-002',
      serviceItemName: '环境影响报告表编制',
      weights: null,
      publishedAt: t(2),
      deadlineAt: t(9),
      openedAt: null,
      awardedAt: null,
      publicityEndsAt: null,
      awardFinalAt: null,
      endedAt: null,
      endReason: null,
      winnerAgencyId: null,
      directAgencyId: null,
      drawCommitment: null,
      republishedFromOcid: null,
    },
    result: null,
    buyer,
    agencies: {},
    bidCount: null,
    bids: null,
    clarifications: [],
    contracts: [],
  }
}

const agencies = { [a1.id]: a1, [a2.id]: a2, [a3.id]: a3 }
const bid = (n: number, priceFen: number, invalidReason: string | null = null) => ({
  id: `bid-${n}`,
  agencyId: org(n).id,
  priceFen,
  submittedAt: t(2 + n),
  valid: invalidReason == null,
  invalidReason,
  rank: invalidReason == null ? n : null,
})
const bidsOf = () => [bid(1, 4_000_000), bid(2, 4_500_000), bid(3, 6_000_000, '报价高于最高限价')]

function opened(s = published()): OcdsProjectState {
  return {
    ...s,
    project: { ...s.project, status: 'opened', openedAt: t(9, 10) },
    agencies,
    bidCount: 3,
    bids: bidsOf(),
  }
}

function awarded(s = opened(), final = false): OcdsProjectState {
  return {
    ...s,
    project: {
      ...s.project,
      status: 'awarded',
      awardedAt: t(9, 10),
      publicityEndsAt: t(12),
      awardFinalAt: final ? t(12) : null,
      winnerAgencyId: a1.id,
    },
    result: {
      ranking: [
        { rank: 1, bidId: 'bid-1', agencyId: a1.id, priceFen: 4_000_000, note: '最低有效报价' },
        { rank: 2, bidId: 'bid-2', agencyId: a2.id, priceFen: 4_500_000, note: '第二低' },
      ],
      excluded: [{ bidId: 'bid-3', agencyId: a3.id, reason: '报价高于最高限价' }],
    },
  }
}

const contract = (over: Partial<OcdsContract> = {}): OcdsContract => ({
  id: 'c-1',
  number: 'ZJHT-202611-0000AAAA',
  rank: 1,
  agencyId: a1.id,
  amountFen: 4_000_000,
  status: 'signing',
  createdAt: t(12),
  startedAt: null,
  dueDate: null,
  overdueAt: null,
  acceptedAt: null,
  paidAt: null,
  evaluationDueAt: null,
  evaluatedAt: null,
  endedAt: null,
  endReason: null,
  milestones: [],
  payments: [],
  ...over,
})

/** Publishes the states in turn as the model does: a release only when something changed. */
function publish(states: OcdsProjectState[]) {
  const releases: OcdsRelease[] = []
  let previous: OcdsReleaseBody | null = null
  for (const state of states) {
    const body = compileReleaseBody(state, previous)
    if (previous && sameContent(previous, body)) continue
    const n = releases.length + 1
    releases.push(
      assembleRelease(body, `${state.ocid}-${n}`, t(n, 12), releaseTags(previous, body)),
    )
    previous = body
  }
  return releases
}

describe('OCDS releases from project states', () => {
  it('a published tender: open, value is the cap, nothing about bids, valid OCDS', () => {
    const [release] = publish([published()])
    expect(release!.tag).toEqual(['tender'])
    expect(release).toMatchObject({
      initiationType: 'tender',
      buyer: { id: `CN-USCC-${buyer.uscc}`, name: buyer.name },
      planning: { budget: { amount: { amount: 50_000, currency: 'CNY' } } },
      tender: {
        status: 'active',
        procurementMethod: 'open',
        awardCriteria: 'priceOnly',
        value: { amount: 50_000, currency: 'CNY' },
        items: [{ classification: { scheme: 'ZJCS-SI', id: 'SI-002' } }],
        tenderPeriod: { startDate: t(2).toISOString(), endDate: t(9).toISOString() },
      },
    })
    expect(release!.tender).not.toHaveProperty('numberOfTenderers')
    expect(release).not.toHaveProperty('bids')
    expect(release!.parties).toEqual([
      expect.objectContaining({
        id: `CN-USCC-${buyer.uscc}`,
        identifier: { scheme: 'CN-USCC', id: buyer.uscc, legalName: buyer.name },
        roles: ['buyer', 'procuringEntity'],
      }),
    ])
    expectValidPackage([release!])
  })

  it('maps each selection method, the draw to our randomDraw code', () => {
    const method = (m: OcdsProjectState['project']['method']) => {
      const s = published()
      return publish([{ ...s, project: { ...s.project, method: m } }])[0]!.tender
    }
    expect(method('scoring')).toMatchObject({
      procurementMethod: 'open',
      awardCriteria: 'ratedCriteria',
    })
    expect(method('lottery')).toMatchObject({
      procurementMethod: 'open',
      awardCriteria: 'randomDraw',
    })
    expect(method('direct')).toMatchObject({ procurementMethod: 'direct' })
    expect(method('direct')).not.toHaveProperty('awardCriteria')
  })

  it('follows the procedure with the right tags and stays valid at every step', () => {
    const signed = awarded(opened(), true)
    const releases = publish([
      published(),
      { ...published(), bidCount: 3, project: { ...published().project, status: 'closed' } },
      opened(),
      awarded(),
      awarded(opened(), true),
      { ...signed, contracts: [contract()] },
      {
        ...signed,
        project: { ...signed.project, status: 'contracted' },
        contracts: [contract({ status: 'in_service', startedAt: t(13), dueDate: '2026-12-20' })],
      },
      {
        ...signed,
        project: { ...signed.project, status: 'paid' },
        contracts: [
          contract({
            status: 'accepted',
            startedAt: t(13),
            dueDate: '2026-12-20',
            acceptedAt: t(20),
            paidAt: t(22),
            payments: [
              {
                id: 'p-1',
                amountFen: 4_000_000,
                paidOn: '2026-11-22',
                paidAt: t(22),
                refundedAt: null,
              },
            ],
          }),
        ],
      },
    ])
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['tenderUpdate', 'award'],
      // Final: the award period ends too.
      ['tenderUpdate', 'awardUpdate'],
      ['contract'],
      ['contractUpdate', 'implementation'],
      ['implementationUpdate', 'contractTermination'],
    ])
    expect(releases[1]!.tender.numberOfTenderers).toBe(3)
    expect(releases[1]).toMatchObject({ bids: { statistics: [{ measure: 'bids', value: 3 }] } })
    expect(releases[1]!.bids).not.toHaveProperty('details')
    expect(releases[2]).toMatchObject({
      bids: {
        details: [
          { id: 'bid-1', status: 'valid', value: { amount: 40_000 } },
          {},
          { status: 'disqualified', statusDetails: '报价高于最高限价' },
        ],
      },
    })
    expect(releases[3]!.awards).toEqual([
      expect.objectContaining({
        id: awardId(t(9, 10), 1),
        status: 'pending',
        value: { amount: 40_000, currency: 'CNY' },
        suppliers: [{ id: `CN-USCC-${a1.uscc}`, name: a1.name }],
        relatedBids: ['bid-1'],
      }),
    ])
    expect(releases[4]!.awards![0]!.status).toBe('active')
    const last = releases.at(-1)!
    expect(last.contracts![0]).toMatchObject({
      awardID: awardId(t(9, 10), 1),
      status: 'terminated',
      dateSigned: t(13).toISOString(),
      implementation: {
        transactions: [
          {
            id: 'p-1',
            value: { amount: 40_000, currency: 'CNY' },
            payer: { name: buyer.name },
            payee: { name: a1.name },
          },
        ],
        milestones: [{ id: 'delivery', status: 'met', dateMet: t(20).toISOString() }],
      },
    })
    const roles = Object.fromEntries(last.parties.map((p) => [p.name, p.roles]))
    expect(roles).toEqual({
      [buyer.name]: ['buyer', 'procuringEntity', 'payer'],
      [a1.name]: ['supplier', 'tenderer', 'payee'],
      [a2.name]: ['tenderer'],
      [a3.name]: ['tenderer'],
    })
    expectValidPackage(releases)
  })

  it('keeps a withdrawn award as cancelled and tags the cancellation', () => {
    const first = awarded()
    const reopened = {
      ...opened(),
      result: first.result,
      project: { ...opened().project, awardedAt: t(9, 10) },
    }
    const releases = publish([first, reopened])
    // The tender is active again while the bids are re-evaluated.
    expect(releases[1]!.tag).toEqual(['tenderUpdate', 'awardCancellation'])
    expect(releases[1]!.tender.status).toBe('active')
    expect(releases[1]!.awards).toEqual([
      expect.objectContaining({ id: awardId(t(9, 10), 1), status: 'cancelled' }),
    ])
    expectValidPackage(releases)
  })

  it('a cancelled tender: tenderCancellation with the public reason', () => {
    const s = published()
    const releases = publish([
      s,
      { ...s, project: { ...s.project, status: 'cancelled', endReason: '需求变更' } },
    ])
    expect(releases[1]!.tag).toEqual(['tenderCancellation'])
    expect(releases[1]!.tender).toMatchObject({
      status: 'cancelled',
      statusDetails: '已撤销：需求变更',
    })
  })

  it('a scope-changing answer is an amendment; an unchanged state publishes nothing', () => {
    const s = published()
    const answered = {
      ...s,
      project: { ...s.project, deadlineAt: t(11) },
      clarifications: [
        {
          id: 'q-1',
          kind: 'question' as const,
          question: '是否包含专家评审？',
          answer: '包含，截止时间顺延。',
          askedAt: t(3),
          answeredAt: t(4),
          changesScope: true,
          deadlineBefore: t(9),
          deadlineAfter: t(11),
        },
      ],
    }
    const releases = publish([s, s, answered, answered])
    expect(releases.map((r) => r.tag)).toEqual([['tender'], ['tenderAmendment']])
    expect(releases[1]!.tender).toMatchObject({
      hasEnquiries: true,
      enquiries: [{ id: 'q-1', answer: '包含，截止时间顺延。' }],
      amendments: [{ id: 'q-1', rationale: '答疑变更了采购需求' }],
    })
    expectValidPackage(releases)
  })

  it('compares content whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}')
    const body = compileReleaseBody(published(), null)
    const shuffled = JSON.parse(canonicalJson(body)) as OcdsReleaseBody
    expect(sameContent(body, shuffled)).toBe(true)
    expect(sameContent(body, { ...shuffled, language: 'en' } as unknown as OcdsReleaseBody)).toBe(
      false,
    )
  })
})
