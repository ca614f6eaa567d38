/**
 * CSV downloads (RFC 4180): quoted where needed, CRLF line ends, and a UTF-8 byte-order mark
 * so that Excel on Chinese Windows reads the text as UTF-8 rather than GBK.
 */

export type CsvCell = string | number | boolean | null | undefined

export const UTF8_BOM = '\uFEFF'

// Excel runs a cell that starts with one of these as a formula (CSV injection).
const formulaStart = /^[=+\-@\t\r]/

/**
 * One field. Text that Excel would read as a formula gets a leading apostrophe, which Excel
 * shows as a plain text marker; numbers are written as they are, so -12.5 stays a number.
 */
export function csvField(value: CsvCell): string {
  if (value == null) return ''
  const text = typeof value === 'string' && formulaStart.test(value) ? `'${value}` : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV text: the first row is the header. No BOM; see csvDocument. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** A whole downloadable file: BOM, then the rows. */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return UTF8_BOM + toCsv(rows)
}

/** RFC 5987 percent-encoding for filename*= (encodeURIComponent leaves ' ( ) * alone). */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/**
 * Response headers for a CSV download named `filename` (any Unicode). Browsers that know
 * filename* (all current ones) use it; older ones get `asciiFallback`, or the name with
 * everything outside ASCII letters, digits, '.', '-' and '_' replaced.
 */
export function csvDownloadHeaders(
  filename: string,
  asciiFallback?: string,
): Record<string, string> {
  const name = withCsvExtension(filename)
  const ascii =
    withCsvExtension(asciiFallback ?? name)
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[_.]+/, '') || 'download.csv'
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`,
    'X-Content-Type-Options': 'nosniff',
  }
}

const withCsvExtension = (name: string) =>
  name.toLowerCase().endsWith('.csv') ? name : `${name}.csv`
