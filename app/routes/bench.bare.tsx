import type { MetaFunction } from '@remix-run/node'

/**
 * For `npm run bench:http` only: a constant page through the root layout and its loader,
 * no query of its own — the framework's ceiling the other pages are compared with. It
 * exists only when the server was started with ENABLE_BENCH_ROUTE=1; otherwise 404.
 */
export function loader() {
  if (process.env.ENABLE_BENCH_ROUTE !== '1') throw new Response('Not Found', { status: 404 })
  return null
}

export const meta: MetaFunction = () => [{ title: '基准页 · 中介超市' }]

export default function BenchBare() {
  return (
    <section>
      <h1>基准页</h1>
      <p>这是一个内容固定的页面，仅用于衡量服务器的页面吞吐上限。</p>
    </section>
  )
}
