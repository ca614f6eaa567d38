// Reads a CSV export as a spreadsheet would, for the export tests.
import { expect } from 'vitest'
import type { Database } from '../../models/db/client.ts'

export const BASE = 'http://zjcs.test'

/** RFC 4180: quoted fields may hold commas, CRLF and doubled quotes; lines end in CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const pair = text.slice(i, i + 2)
    if (quoted && pair === '""') {
      field += '"'
      i += 2
      continue
    }
    if (quoted) {
      if (c === '"') quoted = false
      else field += c
    } else if (c === '"' && field === '') {
      quoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
    } else if (pair === '\r\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`)
    } else {
      field += c
    }
    i++
  }
  if (quoted || field !== '' || row.length > 0)
    throw new Error('the last line does not end in CRLF')
  return rows
}

export type Export = (db: Database, request: Request) => Promise<Response>

/** The download as a spreadsheet reads it: BOM checked and removed, rows as header → value. */
export async function download(db: Database, run: Export, path: string) {
  const answer = await run(db, new Request(`${BASE}${path}`))
  const bytes = new Uint8Array(await answer.arrayBuffer())
  expect([...bytes.slice(0, 3)], path).toEqual([0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  const [header, ...lines] = parseCsv(text.slice(1))
  for (const line of lines) expect(line, path).toHaveLength(header!.length)
  const rows = lines.map((line) => Object.fromEntries(header!.map((h, i) => [h, line[i]!])))
  return { answer, text, header: header!, rows }
}
