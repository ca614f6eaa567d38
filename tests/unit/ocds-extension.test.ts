import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loader } from '../../app/routes/api.v1.ocds.extension.$.ts'

const BASE = 'http://zjcs.test'
const file = (name: string) =>
  loader({
    request: new Request(`${BASE}/api/v1/ocds/extension/${name}`),
    params: { '*': name },
    context: {},
  } as never)

describe('GET /api/v1/ocds/extension/*', () => {
  it('serves the extension with absolute URLs for this origin, cached a minute', async () => {
    const extension = await file('extension.json')
    expect(extension.status).toBe(200)
    expect(extension.headers.get('cache-control')).toBe('public, max-age=60')
    const body = (await extension.json()) as { codelists: string[]; schemas: string[] }
    expect(body).toMatchObject({
      documentationUrl: { en: `${BASE}/api/v1/ocds/extension/README.md` },
      compatibility: ['1.1'],
      schemas: ['release-schema.json'],
    })
    // Everything it names is served beside it.
    for (const name of [...body.schemas, ...body.codelists.map((c) => `codelists/${c}`)]) {
      const answer = await file(name)
      expect(answer.status, name).toBe(200)
    }
    const csv = await (await file('codelists/+awardCriteria.csv')).text()
    expect(csv.split('\n')[1]).toMatch(/^randomDraw,/)
  })

  it('serves nothing else from the disk', async () => {
    for (const name of ['../../package.json', 'codelists/../extension.json', '.env', ''])
      expect((await file(name)).status, name).toBe(404)
  })

  it('patches the release schema with valid JSON Schema fragments', () => {
    const patch = JSON.parse(
      readFileSync('schemas/ocds-zjcs-extension/release-schema.json', 'utf8'),
    ) as { definitions: Record<string, { properties?: Record<string, unknown> }> }
    expect(Object.keys(patch.definitions.Award!.properties!)).toEqual([
      'ranking',
      'excludedBids',
      'draw',
    ])
    expect(Object.keys(patch.definitions.Tender!.properties!)).toEqual([
      'statusDetails',
      'drawCommitment',
    ])
  })
})
