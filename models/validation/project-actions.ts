import { z } from 'zod'
import { typedNumber } from '../rules/typed-input.ts'
import { text } from './registry.ts'

// The buyer's forms on a project's management page.

export const cancelSchema = z.object({ reason: text('撤销原因', 5, 500) })

export const explanationDecisionSchema = z.object({
  decision: z.enum(['accepted', 'rejected'], { error: '请选择是否采纳' }),
  reason: text('理由', 2, 500),
})

export const explanationSchema = z.object({ explanation: text('说明', 10, 3000) })

/** Quality scores arrive as score.<bidId> fields: whole numbers 0–100. */
export function readQualityScores(formData: FormData): {
  scores: Record<string, number>
  errors: Record<string, string[]>
} {
  const scores: Record<string, number> = {}
  const errors: Record<string, string[]> = {}
  for (const [name, value] of formData) {
    if (!name.startsWith('score.')) continue
    const typed = typedNumber(String(value))
    if (!/^\d{1,3}$/.test(typed) || Number(typed) > 100) errors[name] = ['请填写 0–100 的整数']
    else scores[name.slice('score.'.length)] = Number(typed)
  }
  return { scores, errors }
}
