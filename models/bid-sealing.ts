import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Sealed bid prices: AES-256-GCM under the server key BID_SEAL_KEY, a fresh 96-bit nonce
 * per seal, the bid's project and agency as associated data so a sealed price cannot be
 * moved to another bid. See docs/decisions/ on why prices are encrypted at rest.
 */
export interface SealedBidContent {
  priceFen: number
  discountBasisPoints: number | null
  salt: string
}

let cachedKey: Buffer | null = null

function parseKey(text: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64')
  if (key.length !== 32) throw new Error('BID_SEAL_KEY must be 32 bytes: 64 hex digits or base64')
  return key
}

/**
 * The key from BID_SEAL_KEY; without it, outside production, a key generated once into
 * the data folder (mode 0600) so the quick start needs no setup.
 */
export function bidSealKey(): Buffer {
  if (cachedKey) return cachedKey
  const fromEnv = process.env.BID_SEAL_KEY
  if (fromEnv) return (cachedKey = parseKey(fromEnv))
  if (process.env.DATABASE_URL && process.env.NODE_ENV === 'production')
    throw new Error('BID_SEAL_KEY is required with DATABASE_URL in production')
  const file = path.resolve(process.cwd(), process.env.DATA_DIR ?? 'data', 'bid-seal.key')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
  }
  return (cachedKey = parseKey(fs.readFileSync(file, 'utf8')))
}

const associatedData = (projectId: string, agencyId: string) =>
  Buffer.from(`${projectId.toLowerCase()}|${agencyId.toLowerCase()}`)

export function sealBid(projectId: string, agencyId: string, content: SealedBidContent): string {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', bidSealKey(), nonce)
  cipher.setAAD(associatedData(projectId, agencyId))
  const body = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()])
  return ['v1', nonce, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
    .join('.')
}

export function unsealBid(projectId: string, agencyId: string, sealed: string): SealedBidContent {
  const [version, nonce, tag, body] = sealed.split('.')
  if (version !== 'v1' || !nonce || !tag || !body) throw new Error('unknown sealed bid format')
  const decipher = createDecipheriv('aes-256-gcm', bidSealKey(), Buffer.from(nonce, 'base64'))
  decipher.setAAD(associatedData(projectId, agencyId))
  decipher.setAuthTag(Buffer.from(tag, 'base64'))
  const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()])
  return JSON.parse(text.toString('utf8')) as SealedBidContent
}

/** The draw secret is sealed the same way until the result reveals it. */
export function sealSecret(projectId: string, secret: string): string {
  return sealBid(projectId, projectId, { priceFen: 0, discountBasisPoints: null, salt: secret })
}

export function unsealSecret(projectId: string, sealed: string): string {
  return unsealBid(projectId, projectId, sealed).salt
}

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex')
