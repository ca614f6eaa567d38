import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileComplaint } from '../../models/complaints.ts'
import type { Actor } from '../../models/context.ts'
import { submitDelivery } from '../../models/contract-service.ts'
import { readUpload, storeUpload } from '../../models/uploads.ts'
import { ctxFor } from '../setup/test-database.ts'
import { signedContract } from './contract-fixture.ts'
import { as, setUpProcedures } from './procedure-fixture.ts'

const world = setUpProcedures(4)
let dataDir: string
const previousDataDir = process.env.DATA_DIR

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'zjcs-upload-access-'))
  process.env.DATA_DIR = dataDir
})
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR
  else process.env.DATA_DIR = previousDataDir
  await rm(dataDir, { recursive: true, force: true })
})

let serial = 0
const pdf = (what: string) =>
  new TextEncoder().encode(`%PDF-1.7\n1 0 obj <<>> endobj ${what} ${Date.now()}-${serial++}\n%%EOF`)

/** Who, of the given readers, gets the file; a reader who may not gets nothing at all. */
async function readers(id: string, people: Record<string, Actor | null>) {
  const got: string[] = []
  for (const [name, actor] of Object.entries(people))
    if (await readUpload(ctxFor(world.handle, actor), id)) got.push(name)
  return got
}

describe('private files', () => {
  it('a complaint’s evidence is the complainant’s and the supervisors’, not the public’s', async () => {
    const [target, stranger] = world.agencies
    const evidence = await storeUpload(as(world, world.enterprise), {
      bytes: pdf('聊天记录'),
      originalName: '聊天记录.pdf',
    })
    await fileComplaint(as(world, world.enterprise), {
      targetType: 'agency',
      targetOrganisationId: target!.organisationId,
      subject: '索要额外费用',
      grounds: '该机构在合同之外索要加急费，并以延期交付相要挟，附聊天记录。',
      uploadId: evidence.id,
    })
    expect(
      await readers(evidence.id, {
        public: null,
        target: target!,
        stranger: stranger!,
        department: world.department,
        complainant: world.enterprise,
        supervisor: world.supervisor,
      }),
    ).toEqual(['complainant', 'supervisor'])
    const served = await readUpload(as(world, world.supervisor), evidence.id)
    expect(served?.isPrivate).toBe(true)
  })

  it('a delivered report is for the contract’s parties and supervisors only', async () => {
    const { contract, winner } = await signedContract(world, world.department)
    const report = await storeUpload(as(world, winner), {
      bytes: pdf('环评报告表'),
      originalName: '环评报告表.pdf',
    })
    await submitDelivery(as(world, winner), contract.id, {
      note: '环评报告表终稿',
      uploadIds: [report.id],
    })
    const others = world.agencies.filter((a) => a.organisationId !== winner.organisationId)
    expect(
      await readers(report.id, {
        public: null,
        agency: winner,
        otherAgency: others[0]!,
        buyer: world.department,
        otherBuyer: world.enterprise,
        supervisor: world.supervisor,
      }),
    ).toEqual(['agency', 'buyer', 'supervisor'])
  })
})
