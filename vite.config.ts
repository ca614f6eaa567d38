import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { host: '127.0.0.1' },
  build: { target: 'es2022' },
  ssr: { external: ['@electric-sql/pglite', 'bcrypt', 'pg', 'pino'] },
  // Dev only. Vite's crawl follows the routes' loaders into server packages and finds the
  // client's own ones late: each late find re-bundles and reloads, and a first page then runs
  // two copies of React ("Invalid hook call"). So the client's are bundled at start, and the
  // server's never (jieba's browser entry cannot even be bundled).
  optimizeDeps: {
    include: [
      '@conform-to/react',
      '@conform-to/zod/v4',
      'zod',
      'echarts/charts',
      'echarts/components',
      'echarts/core',
      'echarts/renderers',
    ],
    exclude: [
      '@electric-sql/pglite',
      '@node-rs/jieba',
      '@remix-run/node',
      'bcrypt',
      'drizzle-orm',
      'opencc-js',
      'pg',
      'pinyin-pro',
      'pino',
      'rate-limiter-flexible',
      'stripe',
    ],
  },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
})
