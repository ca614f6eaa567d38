import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { dataRoot } from '../../models/backup-lock.ts'

/** What a backup is taken from or restored into, as the environment configures the app. */
export interface Installation {
  /** DATA_DIR, resolved: pglite/, uploads/ and bid-seal.key live here. */
  dataRoot: string
  /** DATABASE_URL; unset means the embedded database in <dataRoot>/pglite. */
  databaseUrl?: string
  /** BID_SEAL_KEY when the environment gives it; otherwise the key is a file in dataRoot. */
  sealKeyFromEnv?: string
}

export function configuredInstallation(env: NodeJS.ProcessEnv = process.env): Installation {
  return {
    dataRoot: dataRoot(env),
    databaseUrl: env.DATABASE_URL || undefined,
    sealKeyFromEnv: env.BID_SEAL_KEY || undefined,
  }
}

export const pgliteDir = (inst: Installation) => path.join(inst.dataRoot, 'pglite')
export const uploadsRoot = (inst: Installation) => path.join(inst.dataRoot, 'uploads')
export const sealKeyFile = (inst: Installation) => path.join(inst.dataRoot, 'bid-seal.key')
export const kindOf = (inst: Installation) => (inst.databaseUrl ? 'postgres' : 'pglite') as Kind
export type Kind = 'pglite' | 'postgres'

/** The same reading as models/bid-sealing.ts: 64 hex digits or base64 of 32 bytes. */
function keyBytes(text: string): Buffer | null {
  const trimmed = text.trim()
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64')
  return key.length === 32 ? key : null
}

/**
 * A short public name for the bid-sealing key, so a restore can tell whether the key at hand
 * opens the sealed prices in the backup. Read without generating one (bidSealKey() would).
 */
export function sealKeyFingerprint(keyText: string): string | null {
  const key = keyBytes(keyText)
  if (!key) return null
  return createHash('sha256').update('zjcs bid seal key\0').update(key).digest('hex').slice(0, 16)
}

export interface SealKeyInfo {
  source: 'env' | 'file' | 'none'
  fingerprint: string | null
}

export function currentSealKey(inst: Installation): SealKeyInfo {
  if (inst.sealKeyFromEnv)
    return { source: 'env', fingerprint: sealKeyFingerprint(inst.sealKeyFromEnv) }
  const file = sealKeyFile(inst)
  if (existsSync(file))
    return { source: 'file', fingerprint: sealKeyFingerprint(readFileSync(file, 'utf8')) }
  return { source: 'none', fingerprint: null }
}

/** Passwords never reach the command line of pg_dump (ps shows it): they go in PGPASSWORD. */
export function clientConnection(url: string): { uri: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url)
  const password = decodeURIComponent(u.password)
  u.password = ''
  return {
    uri: u.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  }
}
