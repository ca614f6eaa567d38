import { describe, expect, it } from 'vitest'
import { pageBodyStream, withoutNulBytes } from '../../app/page-body.server.ts'

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

  it('sends what was written in one tick as one chunk, and later writes after it', async () => {
    const stream = pageBodyStream()
    const received = collect(stream)
    for (const part of ['<html>', '<body>', '中介', '\0\0', '超市']) stream.write(Buffer.from(part))
    await new Promise((resolve) => setTimeout(resolve, 5))
    stream.write(Buffer.from('<script>late()</script>'))
    stream.end(Buffer.from('</body></html>'))
    expect(await received).toEqual([
      '<html><body>中介超市',
      '<script>late()</script></body></html>',
    ])
  })
})
