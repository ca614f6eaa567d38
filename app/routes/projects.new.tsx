import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { projectFormContext } from '#models/projects.ts'
import { getPublishingStatus } from '#models/supervision.ts'
import { ProjectForm } from '../components/projects/project-form.tsx'
import { handleProjectForm } from '../components/projects/project-form-action.server.ts'
import { projectFormOptions } from '../components/projects/project-form.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'
import { toShanghaiDateTimeInput } from '#models/validation/projects.ts'

export const meta: MetaFunction = () => [{ title: '发布采购公告 · 中介超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const url = new URL(request.url)
  const formContext = await projectFormContext(ctx, url.searchParams.get('agency')).catch(
    throwModelError,
  )
  const [options, publishing] = await Promise.all([
    projectFormOptions(ctx.db),
    getPublishingStatus(ctx),
  ])
  return {
    ...options,
    ...formContext,
    publishing,
    earliestDeadline: formatDateTime(formContext.earliestDeadline),
    earliestDeadlineAt: formContext.earliestDeadline.toISOString(),
    submissionKey: randomUUID(),
    defaultValue: {
      funding: formContext.buyerKind === 'department' ? 'budget' : 'own',
      method: formContext.invited ? 'direct' : 'lowest_price',
      deadline: toShanghaiDateTimeInput(formContext.suggestedDeadline),
      publicityWorkdays: '3',
      abnormalLowPercent: '70',
      serviceItemCode: url.searchParams.get('item') ?? '',
    },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  return handleProjectForm(request, context, ctx)
}

export default function NewProjectPage() {
  const loaded = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <section>
      <p>
        <a href="/my/projects">← 我的项目</a>
      </p>
      <h1>发布采购公告</h1>
      {loaded.publishing.ok ? null : (
        <p className="card" role="alert">
          {loaded.publishing.reason}。可以先保存草稿。
        </p>
      )}
      <ProjectForm
        lastResult={lastResult}
        defaultValue={loaded.defaultValue}
        itemGroups={loaded.itemGroups}
        countyGroups={loaded.countyGroups}
        buyerKind={loaded.buyerKind}
        invited={loaded.invited}
        earliestDeadline={loaded.earliestDeadline}
        earliestDeadlineAt={loaded.earliestDeadlineAt}
        submissionKey={loaded.submissionKey}
      />
    </section>
  )
}
