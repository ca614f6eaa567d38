import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import express from 'express'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../models/db/client.ts'
import { healthz } from '../../server/healthz.ts'
import { baseUrl, e2eEnabled } from './browser.ts'

describe.skipIf(!e2eEnabled)('/healthz on the running server', () => {
  it('answers 200 with the database status, uncached and without a cookie', async () => {
    const response = await fetch(`${baseUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('set-cookie')).toBeNull()
    const body = (await response.json()) as { status: string; database: string; time: string }
    expect(body).toMatchObject({ status: 'ok', database: 'ok' })
    expect(new Date(body.time).toISOString()).toBe(body.time)
  })

  it('is not rate-limited: more probes than the API allows a minute all pass', async () => {
    const statuses = new Set<number>()
    for (let i = 0; i < 320; i++) statuses.add((await fetch(`${baseUrl}/healthz`)).status)
    expect([...statuses]).toEqual([200])
  })
})

/** The handler itself, in front of a PostgreSQL that is down or does not answer. */
describe('/healthz when the database does not answer', () => {
  const servers: Server[] = []
  afterAll(() => servers.forEach((s) => s.close()))

  async function listen(server: Server) {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    servers.push(server)
    return (server.address() as AddressInfo).port
  }

  async function probe(databasePort: number) {
    const handle = await openDatabase({ url: `postgres://nobody@127.0.0.1:${databasePort}/x` })
    const app = express()
    app.get(
      '/healthz',
      healthz(async () => handle.db, 300),
    )
    const port = await listen(createHttpServer(app))
    const response = await fetch(`http://127.0.0.1:${port}/healthz`)
    return { response, handle }
  }

  it('answers 503 when the database hangs (accepts, never replies)', async () => {
    const sockets: Socket[] = []
    const blackHole = createServer((socket) => sockets.push(socket))
    const port = await listen(blackHole)
    const { response, handle } = await probe(port)
    expect(response.status).toBe(503)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toMatchObject({ status: 'error', database: 'unavailable' })
    sockets.forEach((s) => s.destroy())
    await handle.close()
  })

  it('answers 503 when nothing listens where the database should be', async () => {
    const closed = createServer()
    const port = await listen(closed)
    closed.close()
    const { response, handle } = await probe(port)
    expect(response.status).toBe(503)
    await handle.close()
  })
})
