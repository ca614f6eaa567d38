import { Form } from '@remix-run/react'
import { CsrfInput } from './csrf-input.tsx'

/**
 * A table row's 删除 button: posts intent=remove with the row's key to the page's own action.
 * `label` names what goes, for screen readers (every row's button says 删除).
 */
export function RemoveRowForm({
  name,
  value,
  label,
}: {
  /** The key's field name: id, or date for a calendar entry. */
  name: string
  value: string
  label: string
}) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name={name} value={value} />
      <button type="submit" className="button button--quiet" aria-label={label}>
        删除
      </button>
    </Form>
  )
}
