import { useRootData } from '../root.tsx'

/** The hidden CSRF token every mutating form must carry. */
export function CsrfInput() {
  const token = useRootData()?.csrfToken
  return <input type="hidden" name="csrf" value={token ?? ''} />
}
