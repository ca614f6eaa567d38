import { inflateSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { signIn, signUp } from '../../models/accounts.ts'
import type { Actor } from '../../models/context.ts'
import { cancelContract } from '../../models/contract-changes.ts'
import { getContractDocument } from '../../models/contract-document.ts'
import { renderContractPdf } from '../../models/contract-pdf.ts'
import { setMilestones, signContract } from '../../models/contract-signing.ts'
import type * as DatabaseClient from '../../models/db/client.ts'
import type { Database } from '../../models/db/client.ts'
import { organisations, serviceItems } from '../../models/db/schema.ts'
import { ForbiddenError, NotSignedInError } from '../../models/errors.ts'
import { updateMyProfile } from '../../models/profiles.ts'
import { findSessionActor, startSession } from '../../models/sessions.ts'
import { verifyOrganisation } from '../../models/supervision.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { commitSessionCookie } from '../../app/session.server.ts'
import { loader as pdfLoader } from '../../app/routes/contracts.$id_.pdf.ts'
import { ctxFor } from '../setup/test-database.ts'
import { awardedContract, signedContract } from './contract-fixture.ts'
import { as, ITEM, setUpProcedures } from './procedure-fixture.ts'

// The PDF route reads the process-wide database; here that is this file's own database, so
// the real loader, session lookup and model run against the world built below.
const route = vi.hoisted(() => ({ db: null as Database | null }))
vi.mock('../../models/db/client.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof DatabaseClient>()),
  getDatabase: async () => route.db!,
}))

const world = setUpProcedures(4)
const context = { cspNonce: '', csrfToken: 'test', clientIp: '127.0.0.1' }

async function newDepartment() {
  const input = buildSignUp({ kind: 'department' })
  await signUp(ctxFor(world.handle), input)
  const { session } = await signIn(ctxFor(world.handle), {
    login: input.phone,
    password: input.password,
  })
  return (await findSessionActor(world.handle.db, session.id))!
}

const profile = (name: string, regionCode: string) => ({
  name,
  legalRepresentative: '王建国',
  address: '河南省濮阳市华龙区人民路 1 号',
  regionCode,
  contactName: '李明',
  contactPhone: '13912345678',
})

async function cookieFor(actor: Actor) {
  const { id } = await startSession(world.handle.db, actor.userId)
  return (await commitSessionCookie(new Request('http://127.0.0.1/'), id)).split(';')[0]!
}

async function orgName(id: string) {
  const [row] = await world.handle.db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, id))
  return row!.name
}

/**
 * Reads the text a PDF shows: each content stream's TJ strings are glyph ids of an embedded
 * font, turned back into characters through that font's ToUnicode map. Finding 合同 this way
 * proves the characters were drawn with glyphs that a reader (search, copy, screen readers)
 * maps back to them — stronger than finding the bytes of a string somewhere in the file.
 */
function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1')
  const objects = new Map<number, { dict: string; stream: string | null }>()
  const header = /(\d+) 0 obj/g
  for (let match; (match = header.exec(raw));) {
    const start = match.index + match[0].length
    const streamAt = raw.indexOf('stream', start)
    const endAt = raw.indexOf('endobj', start)
    if (streamAt < 0 || endAt < streamAt) {
      objects.set(Number(match[1]), { dict: raw.slice(start, endAt), stream: null })
      continue
    }
    const dict = raw.slice(start, streamAt)
    const length = Number(/\/Length (\d+)/.exec(dict)![1])
    const from = raw.indexOf('\n', streamAt) + 1
    const bytes = Buffer.from(raw.slice(from, from + length), 'latin1')
    const data = dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes
    objects.set(Number(match[1]), { dict, stream: data.toString('latin1') })
    header.lastIndex = from + length
  }
  const ref = (text: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(text)![1])
  const toUnicode = (fontId: number) => {
    const cmap = objects.get(ref(objects.get(fontId)!.dict, 'ToUnicode'))!.stream!
    const map = new Map<number, string>()
    for (const [, first, , entries] of cmap.matchAll(
      /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi,
    )) {
      ;[...entries!.matchAll(/<([0-9a-f\s]*)>/gi)].forEach((entry, i) => {
        const units = entry[1]!.replace(/\s/g, '').match(/.{4}/g) ?? []
        map.set(parseInt(first!, 16) + i, String.fromCharCode(...units.map((u) => parseInt(u, 16))))
      })
    }
    return map
  }
  const lines: string[] = []
  for (const page of [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict))) {
    const resources = objects.get(ref(page.dict, 'Resources'))!.dict
    const content = objects.get(ref(page.dict, 'Contents'))!.stream!
    let font = new Map<number, string>()
    for (const [, name, array] of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (name) font = toUnicode(ref(resources, name))
      else
        lines.push(
          [...array!.matchAll(/<([0-9a-f]*)>/gi)]
            .flatMap((hex) => hex[1]!.match(/.{4}/g) ?? [])
            .map((gid) => font.get(parseInt(gid, 16)) ?? '\uFFFD')
            .join(''),
        )
    }
  }
  return lines
}

describe('the contract document', () => {
  it('gives the parties the contract’s figures, milestones and signatures', async () => {
    const { contract, winner } = await awardedContract(world, world.department)
    const buyer = as(world, world.department)
    await updateMyProfile(buyer, profile(await orgName(world.department.organisationId!), '410902'))
    await setMilestones(buyer, contract.id, [
      { name: '签订后预付', percent: 30 },
      { name: '验收合格后', percent: 70 },
    ])

    const draft = await getContractDocument(as(world, winner), contract.id)
    expect(draft.viewer).toBe('agency')
    expect(draft.number).toBe(contract.number)
    expect(draft.amountFen).toBe(4_000_000)
    expect(draft.amountInCapitals).toBe('肆万元整')
    expect(draft.timeLimitWorkdays).toBe(15)
    expect(draft.milestones).toEqual([
      { seq: 1, name: '签订后预付', sharePercent: 30, amountFen: 1_200_000 },
      { seq: 2, name: '验收合格后', sharePercent: 70, amountFen: 2_800_000 },
    ])
    expect(draft.item.code).toBe(ITEM)
    expect(draft.place.regionName).toBe('河南省 濮阳市 华龙区')
    expect(draft.selection.methodName).toBe('竞价选取')
    expect(draft.selection.awardFinalAt).toBeInstanceOf(Date)
    expect(draft.buyer).toMatchObject({
      legalRepresentative: '王建国',
      contactName: '李明',
      contactPhone: '13912345678',
    })
    expect(draft.agency.name).toBe(await orgName(winner.organisationId!))
    expect(draft.agency.uscc).toMatch(/^[0-9A-Z]{18}$/)
    expect(draft.inForce).toBe(false)
    expect(draft.text.signatures).toEqual({
      buyer: { signed: false, state: '待签', signer: null },
      agency: { signed: false, state: '待签', signer: null },
    })
    expect(draft.text.statusNote).toBe('本合同待签约，尚未生效')
    expect(draft.text.facts).toContainEqual({
      label: '合同金额',
      value: '人民币（大写）肆万元整（¥40,000.00）',
    })
    expect(draft.text.milestoneRows[1]).toEqual({
      seq: '2',
      name: '验收合格后',
      share: '70%',
      amount: '¥28,000.00',
    })
    expect(draft.clauses.map((c) => c.title.replace(/（.*/, ''))).toEqual([
      '服务内容与要求',
      '服务期限',
      '成果交付与验收',
      '付款',
      '违约责任',
      '争议解决',
      '其他',
    ])
    expect(draft.clauses[1]!.paragraphs[0]).toContain('15 个工作日')
    expect(draft.clauses[3]!.paragraphs.join('')).toContain('分期支付')
    expect(draft.clauses[3]!.paragraphs.join('')).toContain('财政资金')

    await signContract(as(world, winner), contract.id)
    await signContract(buyer, contract.id)
    const signed = await getContractDocument(buyer, contract.id)
    expect(signed.viewer).toBe('buyer')
    expect(signed.inForce).toBe(true)
    expect(signed.signatures.agency.signedBy).toBe(winner.name)
    expect(signed.signatures.buyer.signedBy).toBe(world.department.name)
    expect(signed.signatures.buyer.signedAt).toBeInstanceOf(Date)
    expect(signed.text.signatures.agency).toEqual({
      signed: true,
      state: expect.stringMatching(/^已于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 在线签订$/),
      signer: `签订人：${winner.name}`,
    })
    expect(signed.text.statusNote).toBeNull()
    expect(signed.text.signingNote).toBe('本合同经中介超市平台在线签订')
  })

  it('says at the top when a signed contract was ended', async () => {
    const { contract } = await signedContract(world, world.department)
    await cancelContract(as(world, world.department), contract.id, '项目因规划调整暂停建设')
    const ended = await getContractDocument(as(world, world.department), contract.id)
    expect(ended.text.statusNote).toMatch(
      /^本合同已于 \d{4}\/\d{2}\/\d{2} 解除：项目因规划调整暂停建设$/,
    )
    expect(ended.text.signingNote).toBe('本合同经中介超市平台在线签订')
  })

  it('is refused to other agencies, other departments and the signed-out; the approval department may read it', async () => {
    const { contract } = await awardedContract(world, world.department)
    const loser = world.agencies[1]!
    const outsider = world.agencies[3]!
    const department = await newDepartment()
    for (const actor of [loser, outsider, world.enterprise, department])
      await expect(getContractDocument(as(world, actor), contract.id)).rejects.toThrow(
        ForbiddenError,
      )
    await expect(getContractDocument(ctxFor(world.handle), contract.id)).rejects.toThrow(
      NotSignedInError,
    )

    const [item] = await world.handle.db
      .select({ department: serviceItems.department })
      .from(serviceItems)
      .where(eq(serviceItems.code, ITEM))
    await updateMyProfile(as(world, department), {
      ...profile(department.organisationName!, '410902'),
      approvalAuthority: item!.department,
    })
    // Anyone may sign up as a department: only once verified does it speak for the authority.
    await expect(getContractDocument(as(world, department), contract.id)).rejects.toThrow(
      ForbiddenError,
    )
    await verifyOrganisation(as(world, world.supervisor), {
      organisationId: department.organisationId!,
    })
    expect((await getContractDocument(as(world, department), contract.id)).viewer).toBe('approval')
    expect((await getContractDocument(as(world, world.supervisor), contract.id)).viewer).toBe(
      'supervisor',
    )
  })

  it('renders an A4 PDF whose text really is the contract, in Chinese', async () => {
    const { contract, winner } = await awardedContract(world, world.department)
    const document = await getContractDocument(as(world, winner), contract.id)
    const url = `http://127.0.0.1${document.link}`
    const pdf = await renderContractPdf(document, { url })

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]*\]/g)!
    expect(boxes.length).toBeGreaterThanOrEqual(2)
    for (const box of boxes) expect(box).toBe('/MediaBox [0 0 595.28 841.89]')
    // Both fonts embedded, but only the glyphs used: far from the 2 × 10 MB of the files.
    expect(pdf.length).toBeGreaterThan(20_000)
    expect(pdf.length).toBeLessThan(1_000_000)

    const lines = pdfText(pdf)
    const all = lines.join('')
    expect(lines).toContain('服务合同')
    expect(lines).toContain(`合同编号：${contract.number}`)
    expect(all).toContain('人民币（大写）肆万元整（¥40,000.00）')
    expect(all).toContain(document.buyer.name)
    expect(all).toContain(document.agency.name)
    expect(all).toContain('第一条\u3000服务内容与要求')
    expect(all).toContain(url)
    expect(lines).toContain(`第 1 页 共 ${boxes.length} 页`)
    expect(lines).toContain(`第 ${boxes.length} 页 共 ${boxes.length} 页`)
    expect(lines.filter((l) => l === '待签')).toHaveLength(2)
    expect(all).not.toContain('\uFFFD')
  })

  it('is downloaded from /contracts/:id/pdf by a party, and by nobody else', async () => {
    route.db = world.handle.db
    const { contract, winner } = await awardedContract(world, world.department)
    const get = async (actor: Actor | null) => {
      const headers = new Headers(actor ? { cookie: await cookieFor(actor) } : {})
      const request = new Request(`http://127.0.0.1/contracts/${contract.id}/pdf`, { headers })
      try {
        return await pdfLoader({ request, params: { id: contract.id }, context })
      } catch (thrown) {
        if (thrown instanceof Response) return thrown
        throw thrown
      }
    }

    const answer = await get(winner)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/pdf')
    const [, name, utf8Name] =
      /^attachment; filename="([\w-]+\.pdf)"; filename\*=UTF-8''(.+)$/.exec(
        answer.headers.get('content-disposition')!,
      )!
    expect(utf8Name).toBe(name)
    expect(name).toMatch(new RegExp(`^ZJHT-.*-${contract.number.slice(-8)}\\.pdf$`))
    expect(answer.headers.get('cache-control')).toBe('private, no-store')
    const body = Buffer.from(await answer.arrayBuffer())
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdfText(body).join('')).toContain(`http://127.0.0.1/contracts/${contract.id}`)

    expect((await get(world.agencies[2]!)).status).toBe(403)
    const signedOut = await get(null)
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('location')).toBe('/signin')
  })
})
