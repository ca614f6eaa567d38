import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_PER_MINUTE,
  isPublicDataPath,
  perMinuteFrom,
  publicDataRateLimit,
} from '../../server/public-data-limit.ts'

/**
 * The per-IP limit on the API, feeds and CSV exports, in front of a stand-in for the app
 * (the middleware decides before Remix is reached), with a limit of 3 a minute.
 */

const LIMIT = 3
let server: Server
let base = ''

beforeAll(async () => {
  const app = express()
  // As TRUST_PROXY=1 does in server/index.ts: the client's IP comes from X-Forwarded-For.
  app.set('trust proxy', 1)
  app.use(publicDataRateLimit({ perMinute: LIMIT }))
  app.all('*', (req, res) => res.json({ reached: req.path }))
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

const get = (path: string, ip: string) =>
  fetch(`${base}${path}`, { headers: { 'X-Forwarded-For': ip } })

describe('public data rate limit', () => {
  it('answers 429 with Retry-After and a Chinese message once an IP has used its minute', async () => {
    const ip = '203.0.113.7'
    // One budget for the API, the feeds and the exports together.
    for (const path of ['/api/v1/projects', '/feeds/results.atom', '/projects.csv']) {
      const answer = await get(path, ip)
      expect(answer.status, path).toBe(200)
      expect(answer.headers.get('X-RateLimit-Limit')).toBe(String(LIMIT))
    }
    const refused = await get('/api/v1/items', ip)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(refused.headers.get('Cache-Control')).toBe('no-store')
    expect(refused.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await refused.json()).toEqual({
      error: `请求过于频繁：每个 IP 每分钟最多 ${LIMIT} 次，请 ${retryAfter} 秒后再试。`,
    })
    // Disguised paths the router would still send to the API are counted too.
    for (const path of ['/API/V1/projects', '/api/v%31/projects', '//api/v1//search'])
      expect((await get(path, ip)).status, path).toBe(429)
    // Pages are not limited here; another IP has its own budget.
    expect((await get('/projects', ip)).status).toBe(200)
    expect((await get('/agencies/x/credit', ip)).status).toBe(200)
    expect((await get('/api/v1/projects', '198.51.100.20')).status).toBe(200)
  })

  it('reads API_RATE_LIMIT_PER_MINUTE, 0 meaning no limit', async () => {
    expect(perMinuteFrom(undefined)).toBe(DEFAULT_PER_MINUTE)
    expect(perMinuteFrom('')).toBe(DEFAULT_PER_MINUTE)
    expect(perMinuteFrom('120')).toBe(120)
    expect(perMinuteFrom('0')).toBe(0)
    for (const bad of ['-1', '1.5', 'many']) expect(() => perMinuteFrom(bad), bad).toThrow()
    const app = express().use(publicDataRateLimit({ perMinute: 0 }))
    app.all('*', (_req, res) => res.json({}))
    const open = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => open.once('listening', resolve))
    const url = `http://127.0.0.1:${(open.address() as AddressInfo).port}/api/v1/projects`
    try {
      for (let n = 0; n < 5; n++) expect((await fetch(url)).status).toBe(200)
    } finally {
      await new Promise((resolve) => open.close(resolve))
    }
  })

  it('knows which paths are open data', () => {
    for (const path of [
      '/api/v1',
      '/api/v1/projects/abc',
      '/feeds/announcements.atom',
      '/blacklist.csv',
      '/agencies/0e73b4f9-66c0-47e0-a6f8-8ac8b682b85a/credit.csv',
    ])
      expect(isPublicDataPath(path), path).toBe(true)
    for (const path of ['/', '/projects', '/api/test/clock', '/api/v10', '/feeds', '/x.csvx'])
      expect(isPublicDataPath(path), path).toBe(false)
  })
})
