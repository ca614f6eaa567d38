import type { MetaFunction } from '@remix-run/node'

export const meta: MetaFunction = () => [{ title: '页面不存在 · 中介超市' }]

export function loader() {
  throw new Response('您访问的页面不存在或已被移除，请检查网址。', { status: 404 })
}

export default function NotFound() {
  return null
}
