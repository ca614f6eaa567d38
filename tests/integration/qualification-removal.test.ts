import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../models/errors.ts'
import { createOffering } from '../../models/offerings.ts'
import { withdrawBid } from '../../models/bids.ts'
import { addQualification, removeQualification } from '../../models/qualifications.ts'
import { as, bid, publishedProject, setUpProcedures } from './procedure-fixture.ts'

// 环境监测 (SI-004) requires a CMA certificate valid on the deadline.
const CMA = '检验检测机构资质认定证书（CMA）'
const world = setUpProcedures(2)

const cma = (number: string) => ({
  type: CMA,
  number,
  issuer: '河南省市场监督管理局',
  validFrom: '2020-01-01',
})

describe('removing a qualification a sealed bid needs', () => {
  it('is refused until the bid is withdrawn, or another certificate covers it', async () => {
    const agency = world.agencies[0]!
    const ctx = as(world, agency)
    await createOffering(ctx, {
      serviceItemCode: 'SI-004',
      feeKind: 'range',
      feeMinFen: 100_000,
      feeMaxFen: 10_000_000,
      timeLimitDays: 15,
    })
    const only = await addQualification(ctx, cma('CMA-0001'))
    const project = await publishedProject(world, world.department, { serviceItemCode: 'SI-004' })
    await bid(world, agency, project, 30_000)

    const refused = await removeQualification(ctx, only.id).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).message).toContain('1 份尚未开标的报价')

    // A renewed certificate of the same type covers the bid: the old one may go.
    const renewed = await addQualification(ctx, cma('CMA-0002'))
    await removeQualification(ctx, only.id)
    // The last one may go once the bid is withdrawn.
    await expect(removeQualification(ctx, renewed.id)).rejects.toBeInstanceOf(ValidationError)
    await withdrawBid(ctx, project)
    await removeQualification(ctx, renewed.id)
  })
})
