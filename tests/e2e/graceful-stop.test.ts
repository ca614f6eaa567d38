/**
 * Stopping the server: requests in flight finish, new ones are refused, and only then is the
 * database closed; a real server on the embedded database exits cleanly on SIGTERM and gives
 * up its data directory, which then opens again with its data.
 */
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../models/db/client.ts'
import { serviceItems } from '../../models/db/schema.ts'
import { ensureBuild, freePort } from '../../scripts/bench/bid-server.ts'
import { productionServer } from '../../scripts/crash/server.ts'
import { drainAndClose } from '../../server/shutdown.ts'

describe('draining the server', () => {
  it('finishes a request in flight, refuses new connections, then closes the database', async () => {
    const events: string[] = []
    let entered!: () => void
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve))
    const server = createServer((_req, res) => {
      entered()
      setTimeout(() => {
        events.push('response sent')
        res.end('报价已收到')
      }, 300)
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

    const inFlight = fetch(url).then(async (res) => [res.status, await res.text()])
    await handlerEntered
    const drained = drainAndClose(server, async () => void events.push('database closed'), 5_000)

    expect(await inFlight).toEqual([200, '报价已收到'])
    await expect(fetch(url)).rejects.toThrow()
    await drained
    expect(events).toEqual(['response sent', 'database closed'])
  })

  it('cuts off a request that outlasts the grace period', async () => {
    const server = createServer(() => {
      /* never answers */
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const hanging = fetch(url).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 100))
    let closed = false
    await drainAndClose(server, async () => void (closed = true), 200)
    expect(closed).toBe(true)
    expect(await hanging).toBeInstanceOf(Error)
  })
})

describe('SIGTERM on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zjcs-stop-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('exits with 0 and gives up the data directory, which opens again intact', async () => {
    ensureBuild()
    const server = productionServer(
      process.cwd(),
      { DATABASE_URL: undefined, DATA_DIR: dataDir, PROCEDURE_CLOCK: '0' },
      await freePort(),
      () => {},
    )
    await server.start()
    const marker = path.join(dataDir, 'pglite.owner.json')
    expect(existsSync(marker)).toBe(true)
    expect(await server.stop()).toBe(0)
    expect(existsSync(marker)).toBe(false)

    // Closed cleanly: the directory opens again, with what the server wrote.
    const reopened = await openDatabase({ dataDir: path.join(dataDir, 'pglite') })
    try {
      const items = await reopened.db.select({ code: serviceItems.code }).from(serviceItems)
      expect(items.length).toBeGreaterThan(0)
    } finally {
      await reopened.close()
    }
  }, 180_000)
})
