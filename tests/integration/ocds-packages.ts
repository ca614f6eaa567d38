import { readFileSync } from 'node:fs'
import Ajv from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import type { OcdsRelease } from '../../models/rules/ocds-types.ts'
import { loader as recordLoader } from '../../app/routes/api.v1.ocds.records.$id.ts'
import { loader as releasesLoader } from '../../app/routes/api.v1.ocds.releases.ts'

/** The official OCDS 1.1 package schemas, and the two OCDS routes called as Remix would. */

// The package schemas $ref the release schema by its URL: registered here, never fetched.
const schema = (name: string) =>
  JSON.parse(readFileSync(`schemas/ocds-1.1/${name}`, 'utf8')) as Record<string, unknown>
export const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)
ajv.addSchema(schema('release-schema.json'))
ajv.addSchema(schema('versioned-release-validation-schema.json'))
export const validReleasePackage = ajv.compile(schema('release-package-schema.json'))
export const validRecordPackage = ajv.compile(schema('record-package-schema.json'))

export const BASE = 'http://zjcs.test'
const context = {}

export interface ReleasePackageBody {
  releases: OcdsRelease[]
  links?: { next?: string; prev?: string }
  error?: string
}
export interface RecordPackageBody {
  records: { ocid: string; releases: OcdsRelease[]; compiledRelease: OcdsRelease }[]
  error?: string
}

async function get<T>(loader: (args: never) => Promise<Response>, path: string, params = {}) {
  const request = new Request(`${BASE}${path}`)
  const response = await loader({ request, params, context } as never)
  return { status: response.status, headers: response.headers, body: (await response.json()) as T }
}

/** One page of the release package, by its path (as links.next gives it). */
export const releasesPage = (path: string) => get<ReleasePackageBody>(releasesLoader, path)
export const releasesAt = (query: string) => releasesPage(`/api/v1/ocds/releases${query}`)
export const recordOf = (ocid: string) =>
  get<RecordPackageBody>(recordLoader, `/api/v1/ocds/records/${ocid}`, { id: ocid })
