/**
 * An agency's browser for crash:bids, without JavaScript: it keeps its cookies, signs in
 * through the sign-in form (the CSRF token read from the page the server sent), then posts
 * the plain bid form and reads the receipt (the 下载回执 link) from the page that answers.
 */
import { randomBytes } from 'node:crypto'
import { decode } from 'turbo-stream'
import { receiptFromPage } from '../bench/bid-http.ts'

export interface Receipt {
  bidId: string
  projectId: string
  agencyId: string
  revision: number
  priceFen: number
  salt: string
  commitment: string
  submittedAt: string
}

export type Via = 'html' | 'data'

export type BidOutcome =
  | { kind: 'acknowledged'; receipt: Receipt }
  /** An answer without a receipt: nothing was stored, the server said so. */
  | { kind: 'refused'; status: number; detail: string }
  /** No answer (the server died under it): it may or may not have been stored. */
  | { kind: 'unanswered'; detail: string }

const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

const csrfFromPage = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null

export class AgencyBrowser {
  private cookies = new Map<string, string>()
  private csrf: string | null = null

  constructor(
    private readonly baseUrl: string,
    readonly agencyId: string,
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private keepCookies(res: Response) {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at).trim()
      const value = pair!.slice(at + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async request(path: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        'user-agent': 'crash-bids/1.0',
        ...(init.body
          ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.baseUrl }
          : {}),
      },
      body: init.body,
      signal: AbortSignal.timeout(60_000),
    })
    this.keepCookies(res)
    return res
  }

  /** Opens the sign-in page for its CSRF token, then signs in with phone and password. */
  async signIn(phone: string, password: string) {
    const page = await this.request('/signin')
    const csrf = csrfFromPage(await page.text())
    if (!csrf) throw new Error(`登录页没有 CSRF 令牌（状态 ${page.status}）`)
    const res = await this.request('/signin', {
      method: 'POST',
      body: new URLSearchParams({ csrf, login: phone, password, redirectTo: '/my/bids' }),
    })
    await res.arrayBuffer()
    if (res.status !== 302 || !this.cookies.has('zjcs_session'))
      throw new Error(`登录失败（状态 ${res.status}）`)
  }

  /** The bid page, as the agency opens it before bidding; keeps the page's CSRF token. */
  async openBidPage(projectId: string) {
    const res = await this.request(`/projects/${projectId}/bid`)
    const html = await res.text()
    this.csrf = csrfFromPage(html)
    return { status: res.status, html }
  }

  /** Posts the bid form; acknowledged only with a receipt for this project, agency and price. */
  async submitBid(projectId: string, priceFen: number, via: Via): Promise<BidOutcome> {
    if (!this.csrf) throw new Error('先打开报价页')
    const timeLimitDays = 10 + (priceFen % 20)
    const body = new URLSearchParams({
      csrf: this.csrf,
      intent: 'bid',
      priceMode: 'amount',
      price: yuanText(priceFen),
      timeLimitDays: String(timeLimitDays),
      proposal: `按规范编制环境影响报告表，${timeLimitDays} 个工作日内完成。`,
      submissionKey: `crash-${randomBytes(12).toString('hex')}`,
    })
    let res: Response
    let receipt: Receipt | null
    let text: string
    try {
      res = await this.request(`/projects/${projectId}/bid${via === 'data' ? '.data' : ''}`, {
        method: 'POST',
        body,
      })
      if (via === 'data') {
        // Read it all first: a stream cut by the crash must fail here, not in the decoder.
        const bytes = await res.arrayBuffer()
        const { value, done } = await decode(new Response(bytes).body!)
        await done
        receipt = (value as { data?: { receipt?: Receipt | null } } | null)?.data?.receipt ?? null
        text = JSON.stringify(value)
      } else {
        text = await res.text()
        receipt = receiptFromPage(text) as Receipt | null
      }
    } catch (error) {
      return { kind: 'unanswered', detail: String((error as Error).cause ?? error) }
    }
    if (
      res.status === 200 &&
      receipt &&
      receipt.projectId === projectId &&
      receipt.agencyId === this.agencyId &&
      receipt.priceFen === priceFen
    )
      return { kind: 'acknowledged', receipt }
    const alert = /role="alert"[^>]*>([^<]{1,200})</.exec(text)?.[1]
    return { kind: 'refused', status: res.status, detail: alert ?? text.slice(0, 200) }
  }
}
