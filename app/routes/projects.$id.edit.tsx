import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { getOwnDraft, projectFormContext } from '#models/projects.ts'
import { ProjectForm } from '../components/projects/project-form.tsx'
import { handleProjectForm } from '../components/projects/project-form-action.server.ts'
import { draftFormValues } from '../components/projects/project-form-values.ts'
import { projectFormOptions } from '../components/projects/project-form.server.ts'
import { throwModelError } from '../route-errors.server.ts'
import { requireSignedInCtx } from '../session.server.ts'
import { formatDateTime } from '../utils/format.ts'

export const meta: MetaFunction = () => [{ title: '修改草稿 · 中介超市' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  const draft = await getOwnDraft(ctx, params.id ?? '').catch(throwModelError)
  if (draft.status !== 'draft')
    throw new Response(
      draft.status === 'cancelled' ? '项目已撤销，不能再修改' : '项目已发布，不能再修改',
      { status: 409 },
    )
  const formContext = await projectFormContext(ctx, draft.directAgencyId).catch(throwModelError)
  return {
    ...(await projectFormOptions(ctx.db)),
    ...formContext,
    id: draft.id,
    earliestDeadline: formatDateTime(formContext.earliestDeadline),
    earliestDeadlineAt: formContext.earliestDeadline.toISOString(),
    defaultValue: draftFormValues(draft),
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireSignedInCtx(request)
  return handleProjectForm(request, context, ctx, params.id)
}

export default function EditProjectPage() {
  const loaded = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <section>
      <p>
        <a href={`/projects/${loaded.id}/manage`}>← 返回项目</a>
      </p>
      <h1>修改草稿</h1>
      <ProjectForm
        lastResult={lastResult}
        defaultValue={loaded.defaultValue}
        itemGroups={loaded.itemGroups}
        countyGroups={loaded.countyGroups}
        buyerKind={loaded.buyerKind}
        invited={loaded.invited}
        earliestDeadline={loaded.earliestDeadline}
        earliestDeadlineAt={loaded.earliestDeadlineAt}
      />
    </section>
  )
}
