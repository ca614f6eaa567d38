import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { blacklistBySupervisor, liftBlacklist } from '#models/blacklist.ts'
import { agencyForBlacklisting, listBlacklist } from '#models/blacklist-queries.ts'
import {
  blacklistAgencySchema,
  liftBlacklistSchema,
  readBlacklistQuery,
} from '#models/validation/blacklist.ts'
import { BlacklistAgencyForm, LiftBlacklistForm } from '../components/credit/blacklist-forms.tsx'
import { BlacklistNotice } from '../components/credit/blacklist-notice.tsx'
import { BlacklistEntriesTable } from '../components/credit/blacklist-table.tsx'
import { Pagination } from '../components/pagination.tsx'
import { readForm } from '../csrf.server.ts'
import { answerModelError, throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'

export const meta: MetaFunction = () => [{ title: '失信名单管理 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const agency = await agencyForBlacklisting(ctx, url.searchParams.get('agency')).catch(
    throwModelError,
  )
  const query = { ...readBlacklistQuery(url.searchParams), tab: 'current' as const }
  const list = await listBlacklist(ctx.db, query)
  const done = url.searchParams.get('done')
  const doneKey =
    done === 'blacklist' || done === 'lift' ? (done as keyof typeof doneMessages) : null
  return {
    agency,
    list,
    pageCount: Math.max(1, Math.ceil(list.total / list.pageSize)),
    done: doneKey,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const formData = await readForm(request, context)
  if (formData.get('intent') === 'lift') {
    const submission = parseWithZod(formData, { schema: liftBlacklistSchema })
    if (submission.status !== 'success') return submission.reply()
    try {
      await liftBlacklist(ctx, submission.value)
      return redirect('/supervisor/blacklist?done=lift')
    } catch (error) {
      return answerModelError(error, submission)
    }
  }
  const submission = parseWithZod(formData, { schema: blacklistAgencySchema })
  if (submission.status !== 'success') return submission.reply()
  try {
    await blacklistBySupervisor(ctx, submission.value)
    return redirect(`/supervisor/blacklist?agency=${submission.value.agencyId}&done=blacklist`)
  } catch (error) {
    return answerModelError(error, submission)
  }
}

const doneMessages = {
  blacklist: '已列入失信名单：即时生效，已在失信名单和该机构主页公开，并已通知该机构。',
  lift: '已提前移出，理由已公开，并已通知该机构。',
}

export default function SupervisorBlacklist() {
  const { agency, list, pageCount, done } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <section>
      <p>
        <a href="/supervisor/organisations">← 核验与监管</a>
      </p>
      <h1>失信名单管理</h1>
      {done ? (
        <p className="notice" role="status">
          {doneMessages[done]}
        </p>
      ) : null}
      {agency ? (
        <>
          <h2>
            <a href={`/supervisor/organisations/${agency.id}`}>{agency.name}</a>{' '}
            <small className="mono">{agency.uscc}</small>
          </h2>
          <BlacklistNotice status={agency.status} />
          {agency.exitedAt ? null : (
            // Keyed by the entries: after a listing the form starts empty, not ready to resend.
            <BlacklistAgencyForm
              key={agency.status.entries.map((e) => e.id).join()}
              agencyId={agency.id}
              alreadyListed={agency.status.blacklisted}
              lastResult={lastResult}
            />
          )}
        </>
      ) : (
        <p className="field__hint">
          要将机构列入失信名单，请在“核验与监管”中打开该机构，点击“列入失信名单”。
        </p>
      )}
      <h2>当前名单（{list.total}）</h2>
      <form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="blacklist-q">机构名称</label>
          <input id="blacklist-q" name="q" type="search" defaultValue={list.q} maxLength={50} />
        </div>
        <button type="submit" className="button">
          查询
        </button>
      </form>
      {list.entries.length === 0 ? (
        <p className="card">当前没有在名单期内的机构。</p>
      ) : (
        <BlacklistEntriesTable
          entries={list.entries}
          ended={false}
          action={(entry) => <LiftBlacklistForm entryId={entry.id} lastResult={lastResult} />}
        />
      )}
      <Pagination page={list.page} pageCount={pageCount} />
      <p>
        <a href="/blacklist">查看公开的失信名单</a>
      </p>
    </section>
  )
}
