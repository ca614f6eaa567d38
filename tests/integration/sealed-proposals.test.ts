import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uploadResponse } from '../../app/upload.server.ts'
import { submitBid } from '../../models/bids.ts'
import { projects } from '../../models/db/schema-procedures.ts'
import { addQualification } from '../../models/qualifications.ts'
import { readUpload, storeUpload } from '../../models/uploads.ts'
import { bidFormSchema } from '../../models/validation/projects.ts'
import { ctxFor } from '../setup/test-database.ts'
import { as, passTime, publishedProject, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(2)
let dataDir: string
const previousDataDir = process.env.DATA_DIR

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'zjcs-proposals-'))
  process.env.DATA_DIR = dataDir
})
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR
  else process.env.DATA_DIR = previousDataDir
  await rm(dataDir, { recursive: true, force: true })
})

const proposalPdf = () =>
  new TextEncoder().encode(`%PDF-1.7\n1 0 obj <<>> endobj 服务方案 ${Date.now()}\n%%EOF`)

describe('a bid’s proposal file', () => {
  it('is its agency’s alone until the opening, never in a shared cache, and public after', async () => {
    const [bidder, rival] = world.agencies
    const projectId = await publishedProject(world, world.department)
    const stored = await storeUpload(as(world, bidder!), {
      bytes: proposalPdf(),
      originalName: '服务方案.pdf',
      accept: ['application/pdf'],
    })
    await submitBid(as(world, bidder!), projectId, {
      ...bidFormSchema.parse({
        priceMode: 'amount',
        price: '30000',
        timeLimitDays: '15',
        submissionKey: 'proposal-key-0001',
      }),
      proposalUploadId: stored.id,
    })

    const own = await readUpload(as(world, bidder!), stored.id)
    expect(own?.isPrivate).toBe(true)
    expect(uploadResponse(own!).headers.get('Cache-Control')).toBe('private, no-store')
    for (const viewer of [null, rival!, world.department, world.supervisor])
      expect(await readUpload(ctxFor(world.handle, viewer), stored.id), viewer?.role).toBeNull()

    const [project] = await world.handle.db
      .select({ deadlineAt: projects.deadlineAt })
      .from(projects)
      .where(eq(projects.id, projectId))
    await passTime(world, project!.deadlineAt)
    const opened = await readUpload(ctxFor(world.handle, null), stored.id)
    expect(opened?.originalName).toBe('服务方案.pdf')
    expect(uploadResponse(opened!).headers.get('Cache-Control')).toContain('immutable')
  })

  it('the same bytes published as a qualification scan stay public on the profile', async () => {
    const [bidder] = world.agencies
    const projectId = await publishedProject(world, world.department)
    const bytes = proposalPdf()
    const scan = await storeUpload(as(world, bidder!), { bytes, originalName: '证书.pdf' })
    await addQualification(as(world, bidder!), {
      type: '测绘资质证书',
      number: 'SC-0001',
      issuer: '河南省自然资源厅',
      validFrom: '2020-01-01',
      scanUploadId: scan.id,
    })
    const proposal = await storeUpload(as(world, bidder!), {
      bytes,
      originalName: '服务方案.pdf',
      accept: ['application/pdf'],
    })
    expect(proposal.id).toBe(scan.id)
    await submitBid(as(world, bidder!), projectId, {
      ...bidFormSchema.parse({
        priceMode: 'amount',
        price: '30000',
        timeLimitDays: '15',
        submissionKey: 'proposal-key-0002',
      }),
      proposalUploadId: proposal.id,
    })
    expect(await readUpload(ctxFor(world.handle, null), scan.id)).not.toBeNull()
  })

  it('a published scan is public and cached; a file not yet used is its uploader’s alone', async () => {
    const owner = world.agencies[1]!
    const stored = await storeUpload(as(world, owner), {
      bytes: proposalPdf(),
      originalName: '资质证书.pdf',
    })
    expect(await readUpload(ctxFor(world.handle, null), stored.id)).toBeNull()
    expect(await readUpload(as(world, world.agencies[2]!), stored.id)).toBeNull()
    expect((await readUpload(as(world, owner), stored.id))?.isPrivate).toBe(true)
    await addQualification(as(world, owner), {
      type: '测绘资质证书',
      number: 'SC-0002',
      issuer: '河南省自然资源厅',
      validFrom: '2020-01-01',
      scanUploadId: stored.id,
    })
    const read = await readUpload(ctxFor(world.handle, null), stored.id)
    expect(read?.isPrivate).toBe(false)
    expect(uploadResponse(read!).headers.get('Cache-Control')).toContain('immutable')
  })
})
