import { readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The files of our OCDS extension (schemas/ocds-zjcs-extension), served under
 * /api/v1/ocds/extension/ so the `extensions` URL of every package can be fetched. Only the
 * files listed here: a path from the URL never reaches the file system.
 */

const EXTENSION_DIR = path.resolve(process.cwd(), 'schemas/ocds-zjcs-extension')

const FILES: Record<string, string> = {
  'extension.json': 'application/json; charset=utf-8',
  'release-schema.json': 'application/json; charset=utf-8',
  'README.md': 'text/markdown; charset=utf-8',
  'codelists/+awardCriteria.csv': 'text/csv; charset=utf-8',
  'codelists/+itemClassificationScheme.csv': 'text/csv; charset=utf-8',
}

export interface ExtensionFile {
  body: string
  contentType: string
}

/** The file, with absolute URLs for this origin in extension.json; null for anything else. */
export async function readExtensionFile(
  name: string,
  origin: string,
): Promise<ExtensionFile | null> {
  const contentType = Object.hasOwn(FILES, name) ? FILES[name] : undefined
  if (!contentType) return null
  const text = await readFile(path.join(EXTENSION_DIR, name), 'utf8')
  return { body: text.replaceAll('{origin}', origin), contentType }
}
