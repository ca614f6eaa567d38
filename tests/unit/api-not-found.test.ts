import { describe, expect, it } from 'vitest'
import { loader } from '../../app/routes/api.$.ts'

describe('an unknown address under /api', () => {
  it('answers 404 in JSON, as the API does, not with an HTML page', async () => {
    const response = loader()
    expect(response.status).toBe(404)
    expect(response.headers.get('Content-Type')).toContain('application/json')
    expect(await response.json()).toEqual({ error: expect.stringContaining('没有这个接口') })
  })
})
