import { useEffect } from 'react'

interface RouterState {
  navigation: { state: string; formMethod?: string }
}

/**
 * Remix's router, which RemixBrowser puts on window. Read at the moment a submit event
 * arrives: React's useNavigation() may not have re-rendered yet between the two clicks of a
 * double click, the router's own state already says 'submitting'.
 */
const router = () => (window as { __remixRouter?: { state: RouterState } }).__remixRouter

/**
 * One post at a time: a double click on 登记支付 or 发布补充说明 recorded the payment or the
 * notice twice. Listens on window in the capture phase, so a refused submit never reaches
 * Remix's handler. Conform re-sends a submit it has validated; that one is let through, since
 * no post has started yet. Without JavaScript the browser leaves the page on the first post.
 */
export function SubmitGuard() {
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const navigation = router()?.state.navigation
      const posting =
        navigation?.state !== 'idle' && navigation?.formMethod?.toLowerCase() === 'post'
      if (posting && event.target instanceof HTMLFormElement && event.target.method === 'post') {
        event.preventDefault()
        event.stopImmediatePropagation()
      }
    }
    window.addEventListener('submit', onSubmit, true)
    return () => window.removeEventListener('submit', onSubmit, true)
  }, [])
  return null
}
