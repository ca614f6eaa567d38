import { z } from 'zod'
import { text } from './registry.ts'

// Clarification (答疑) forms, shared with the browser (Conform): no I/O here.

export const questionText = text('问题', 5, 1000)
export const answerText = text('答复', 2, 3000)
export const supplementText = text('补充说明', 2, 3000)

/** An unchecked box sends nothing; Conform reads a checked one ('on') as true. */
const changesScope = z.boolean().default(false)

export const askQuestionSchema = z.object({
  intent: z.literal('ask'),
  question: questionText,
})

export const answerQuestionSchema = z.object({
  intent: z.literal('answer'),
  clarificationId: z.string({ error: '请选择要答复的问题' }).min(1, '请选择要答复的问题'),
  answer: answerText,
  changesScope,
})

export const publishClarificationSchema = z.object({
  intent: z.literal('publish'),
  answer: supplementText,
  changesScope,
})

export const clarificationIntents = ['ask', 'answer', 'publish'] as const
export type ClarificationIntent = (typeof clarificationIntents)[number]

export const clarificationSchemas = {
  ask: askQuestionSchema,
  answer: answerQuestionSchema,
  publish: publishClarificationSchema,
} as const

export interface AnswerInput {
  answer: string
  changesScope: boolean
}
