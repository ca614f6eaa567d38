import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { pageBodyStream, withoutNulBytes } from '../../app/page-body.server.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const collect = (stream: NodeJS.ReadableStream) => {
  const chunks: string[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')))
  return new Promise<string[]>((resolve) => stream.on('end', () => resolve(chunks)))
}

describe('the rendered page stream', () => {
  it('drops the NUL padding React 18 leaves after a split Chinese character', () => {
    const padded = Buffer.concat([Buffer.from('中介'), Buffer.alloc(3), Buffer.from('超市')])
    expect(withoutNulBytes(padded).toString('utf8')).toBe('中介超市')
    const clean = Buffer.from('<p>中介超市</p>')
    expect(withoutNulBytes(clean)).toBe(clean)
  })

  it('holds a page that ends within the hold and sends it in one piece', async () => {
    const stream = pageBodyStream()
    const received = collect(stream)
    for (const part of ['<html>', '<body>', '中介', '\0\0', '超市']) stream.write(Buffer.from(part))
    await sleep(5)
    stream.write(Buffer.from('<script>late()</script>'))
    stream.end(Buffer.from('</body></html>'))
    expect(await received).toEqual(['<html><body>中介超市<script>late()</script></body></html>'])
  })

  it('streams a page still rendering after the hold, each tick’s chunks together', async () => {
    const stream = pageBodyStream({ holdMs: 10 })
    const received = collect(stream)
    stream.write(Buffer.from('<html>'))
    stream.write(Buffer.from('<body>'))
    await sleep(30)
    stream.write(Buffer.from('<p>'))
    stream.write(Buffer.from('迟到的内容</p>'))
    await sleep(5)
    stream.end(Buffer.from('</body></html>'))
    expect(await received).toEqual(['<html><body>', '<p>迟到的内容</p>', '</body></html>'])
  })

  it('lets React end a finished page once, without aborting it afterwards', async () => {
    const stream = pageBodyStream()
    let ends = 0
    const end = stream.end.bind(stream)
    stream.end = ((...args: Parameters<typeof end>) => (ends++, end(...args))) as typeof end
    const received = collect(stream)
    const errors: unknown[] = []
    const { pipe } = renderToPipeableStream(createElement('p', null, '中介超市'), {
      onShellReady: () => pipe(stream),
      onError: (error) => void errors.push(error),
    })
    expect((await received).join('')).toBe('<p>中介超市</p>')
    await sleep(5)
    expect(ends).toBe(1)
    expect(errors).toEqual([])
  })
})
