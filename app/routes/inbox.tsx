import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { listInbox, markRead } from '#models/notifications.ts'
import { CsrfInput } from '../components/csrf-input.tsx'
import { pageFrom, Pagination } from '../components/pagination.tsx'
import { toLastPageIfPast } from '../pagination.server.ts'
import { readForm } from '../csrf.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx, safeRedirect } from '../session.server.ts'
import inboxStyles from '../styles/inbox.css?url'
import { formatDateTime } from '../utils/format.ts'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: inboxStyles }]

export const meta: MetaFunction = () => [{ title: '消息 · 中介超市' }]

const PAGE_SIZE = 20

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const page = pageFrom(url)
  const inbox = await listInbox(ctx, { page, pageSize: PAGE_SIZE }).catch(throwModelError)
  const pageCount = Math.max(1, Math.ceil(inbox.total / PAGE_SIZE))
  toLastPageIfPast(url, page, pageCount)
  return {
    page,
    pageCount,
    total: inbox.total,
    unread: inbox.unread,
    messages: inbox.rows.map((m) => ({
      id: m.id,
      title: m.title,
      body: m.body,
      // Only paths on this site are followed, whatever a message was given.
      link: m.link && safeRedirect(m.link, '') ? m.link : null,
      createdAt: m.createdAt,
      read: m.readAt != null,
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  const intent = formData.get('intent')
  const id = formData.get('id')
  const back = safeRedirect(formData.get('back'), '/inbox')
  try {
    if (intent === 'read-all') {
      await markRead(ctx)
      return redirect(back)
    }
    if (typeof id !== 'string') throw new Response('缺少消息编号', { status: 400 })
    await markRead(ctx, id)
    // Opening a message: marked read, then on to the page it points at (same site only).
    if (intent === 'open') return redirect(safeRedirect(formData.get('link'), back))
    return redirect(back)
  } catch (error) {
    return throwModelError(error)
  }
}

export default function InboxPage() {
  const { messages, page, pageCount, total, unread } = useLoaderData<typeof loader>()
  const back = page > 1 ? `/inbox?page=${page}` : '/inbox'
  return (
    <section>
      <div className="inbox-head">
        <h1>消息</h1>
        <p className="inbox-head__count">
          共 {total} 条{unread > 0 ? `，${unread} 条未读` : '，全部已读'}
        </p>
        {unread > 0 ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="read-all" />
            <input type="hidden" name="back" value={back} />
            <button type="submit" className="button">
              全部标为已读
            </button>
          </Form>
        ) : null}
      </div>
      {messages.length === 0 ? (
        <p className="notice">{page > 1 ? '这一页没有消息。' : '还没有消息。'}</p>
      ) : (
        <ul className="inbox">
          {messages.map((m) => (
            <li key={m.id} className={m.read ? 'inbox__item' : 'inbox__item inbox__item--unread'}>
              <div className="inbox__main">
                {/* A div: the title may be a <form>, which a <p> cannot hold. */}
                <div className="inbox__title">
                  {m.read ? null : <span className="inbox__dot">未读</span>}
                  <MessageTitle id={m.id} title={m.title} link={m.link} read={m.read} back={back} />
                </div>
                {m.body ? <p className="inbox__body">{m.body}</p> : null}
                <p className="inbox__time">
                  <time dateTime={new Date(m.createdAt).toISOString()}>
                    {formatDateTime(m.createdAt)}
                  </time>
                </p>
              </div>
              {m.read ? null : (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={m.id} />
                  <input type="hidden" name="back" value={back} />
                  <button type="submit" className="button button--quiet">
                    标为已读
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </section>
  )
}

/** An unread message with a link opens through a POST that marks it read on the way. */
function MessageTitle(props: {
  id: string
  title: string
  link: string | null
  read: boolean
  back: string
}) {
  if (!props.link) return <span>{props.title}</span>
  if (props.read) return <a href={props.link}>{props.title}</a>
  return (
    <Form method="post" className="inbox__open">
      <CsrfInput />
      <input type="hidden" name="intent" value="open" />
      <input type="hidden" name="id" value={props.id} />
      <input type="hidden" name="link" value={props.link} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" className="link-button">
        {props.title}
      </button>
    </Form>
  )
}
