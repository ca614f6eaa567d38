import { isRouteErrorResponse, useRouteError } from '@remix-run/react'

const statusText: Record<number, [string, string]> = {
  400: ['请求有误', '提交的内容无法处理，请检查后重试。'],
  403: ['无权访问', '您的账号没有访问此页面或执行此操作的权限。'],
  404: ['页面不存在', '您访问的页面不存在或已被移除，请检查网址。'],
  413: ['文件过大', '上传的文件过大，单个文件不能超过 10 MB。'],
  405: ['不支持的操作', '此页面不支持该请求方式。'],
  409: ['操作与当前状态不符', '项目当前的状态不允许此操作，请刷新页面查看最新进展。'],
  429: ['操作过于频繁', '请稍后再试。'],
}

/** The error page every route shares: a status, a Chinese title and what the visitor can do. */
export function ErrorPage() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, fallback] = statusText[status] ?? [
    '服务器出错了',
    '系统暂时无法处理您的请求，请稍后重试。',
  ]
  // A route's own Chinese message (e.g. a 403 reason) is shown; internals never are.
  const detail =
    isRouteErrorResponse(error) && typeof error.data === 'string' && status < 500
      ? error.data
      : null
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{detail || fallback}</p>
      <p>
        <a href="/">返回首页</a>
      </p>
    </section>
  )
}
