import type { LoaderFunctionArgs } from '@remix-run/node'
import { getContractDocument } from '#models/contract-document.ts'
import { renderContractPdf } from '#models/contract-pdf.ts'
import { throwModelError } from '../route-errors.server.ts'
import { getCtx } from '../session.server.ts'

/** GET /contracts/:id/pdf — the contract as an A4 PDF download, for its readers only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request)
  const document = await getContractDocument(ctx, params.id ?? '').catch(throwModelError)
  const pdf = await renderContractPdf(document, { url: new URL(document.link, request.url).href })
  // A plain ASCII name whatever the number holds (a '/' would be a path to the browser).
  const name = `${document.number.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${name}`,
      // Names, phone numbers and signatures: never kept by a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
