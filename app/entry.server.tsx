import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { finished } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
import { getDatabase } from '#models/db/client.ts'
import { logger } from '#models/logger.ts'
import { startProcedureClock } from '#models/project-scheduler.ts'
import { NonceContext } from './components/nonce.tsx'
import { pageBodyStream } from './page-body.server.ts'

const ABORT_DELAY = 5_000

// Deadlines open on time even when nobody visits: the server build is loaded at start-up,
// so the procedure clock starts with the server (PROCEDURE_CLOCK=0 turns it off).
if (process.env.PROCEDURE_CLOCK !== '0') startProcedureClock(getDatabase)

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const bot = isbot(request.headers.get('user-agent') ?? '')
  const nonce = loadContext.cspNonce
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </NonceContext.Provider>,
      {
        nonce,
        [bot ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = pageBodyStream()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          // Written out: the abort timer has nothing left to do and would keep the render's
          // state alive for ABORT_DELAY (thousands of renders at full load).
          finished(body, { readable: false }, () => clearTimeout(abortTimer))
          pipe(body)
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    const abortTimer = setTimeout(abort, ABORT_DELAY)
  })
}

/** Server errors go to the log, never to the page. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  logger.error({ err: error, method: request.method, url: request.url }, 'request failed')
}
