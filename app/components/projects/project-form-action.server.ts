import { parseWithZod } from '@conform-to/zod/v4'
import { type AppLoadContext, data, redirect } from '@remix-run/node'
import { findOrganisationByText } from '#models/complaint-queries.ts'
import type { Ctx } from '#models/context.ts'
import { isUuid } from '#models/validation/registry.ts'
import { ForbiddenError } from '#models/errors.ts'
import {
  earliestPublishDeadline,
  saveAndPublishProject,
  saveProjectDraft,
} from '#models/projects.ts'
import { projectFormSchemaFor } from '#models/validation/projects.ts'
import { readForm } from '../../csrf.server.ts'
import { answerModelError } from '../../route-errors.server.ts'

/** Saves the form as a draft, or saves and publishes it; errors go back beside the fields. */
export async function handleProjectForm(
  request: Request,
  context: AppLoadContext,
  ctx: Ctx,
  id?: string,
) {
  const formData = await readForm(request, context)
  const earliest = await earliestPublishDeadline(ctx)
  const submission = parseWithZod(formData, { schema: projectFormSchemaFor(earliest) })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const form = submission.value
  // Typed text names the agency (and replaces one fixed before); else the fixed one stands.
  if (form.method === 'direct' && (form.directAgency || !isUuid(form.directAgencyId))) {
    const agency = await findOrganisationByText(ctx.db, 'agency', form.directAgency ?? '')
    if (!agency)
      return data(
        submission.reply({
          fieldErrors: {
            directAgency: [
              '找不到唯一对应的中介机构，请填写全称、统一社会信用代码，或粘贴其页面链接',
            ],
          },
        }),
        { status: 400 },
      )
    form.directAgencyId = agency.id
  }
  try {
    const projectId =
      formData.get('intent') === 'publish'
        ? await saveAndPublishProject(ctx, form, id)
        : await saveProjectDraft(ctx, form, id)
    return redirect(`/projects/${projectId}/manage`)
  } catch (error) {
    // Not allowed to publish yet (an unverified department): said above the form, which
    // keeps everything typed; 保存草稿 still works.
    if (error instanceof ForbiddenError && formData.get('intent') === 'publish')
      return data(submission.reply({ formErrors: [`${error.message}。可先保存草稿。`] }), {
        status: 403,
      })
    return answerModelError(error, submission)
  }
}
