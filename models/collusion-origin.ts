import { createHmac } from 'node:crypto'
import { isIPv6 } from 'node:net'
import { bidSealKey } from './bid-sealing.ts'

/**
 * Where a bid was sent from, kept only as keyed hashes for the collusion screens: equal
 * hashes mean the same address or the same browser, and nothing more can be read back.
 *
 * - A plain SHA-256 of an IPv4 address is no secret (there are only 2³² of them to try), so
 *   the hash is an HMAC under a key derived from BID_SEAL_KEY: a database reader without
 *   the server key learns only which bids share an origin.
 * - IPv6: one office or household gets a whole /64 and each device picks its own address
 *   in it, so the /64 prefix is what identifies the connection.
 * - The device is the browser profile: its user agent plus the random CSRF cookie the
 *   server gives every browser (server/csrf.ts), which no other browser shares. Without
 *   the cookie there is no device hash — a user agent alone is shared by millions.
 */

export interface SubmissionOrigin {
  ipHash: string | null
  deviceHash: string | null
}

let originKey: Buffer | null = null
const key = () =>
  (originKey ??= createHmac('sha256', bidSealKey()).update('collusion-origin-v1').digest())

const keyedHash = (kind: string, value: string) =>
  createHmac('sha256', key()).update(`${kind}\n${value}`).digest('hex').slice(0, 32)

/** The part of an address that identifies a connection: IPv4 as is, IPv6 by its /64. */
export function networkOf(ip: string): string | null {
  const address = ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  if (!address || address === 'unknown') return null
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

export function submissionOrigin(
  clientIp: string | null | undefined,
  userAgent: string | null | undefined,
  deviceCookie: string | null | undefined,
): SubmissionOrigin {
  const network = clientIp ? networkOf(clientIp) : null
  return {
    ipHash: network ? keyedHash('ip', network) : null,
    deviceHash: deviceCookie ? keyedHash('device', `${userAgent ?? ''}\n${deviceCookie}`) : null,
  }
}
