import { type Browser, chromium } from 'playwright-core'
import { inject } from 'vitest'

export const baseUrl = inject('e2eBaseUrl')
export const e2eEnabled = baseUrl != null

/** Debian's Chromium, headless, with the flags a closed network needs; Playwright gives it a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath')!,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
