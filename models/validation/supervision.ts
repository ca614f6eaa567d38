import { z } from 'zod'

// Shared by the server and the browser (Conform), so nothing here may do I/O.

/** A public reason: people read it on the organisation's profile, so it must say something. */
export const supervisionReasonSchema = z
  .string({ error: '请填写理由' })
  .trim()
  .min(5, '理由至少 5 个字，将向公众公开')
  .max(500, '理由最多 500 个字')

const optionalNoteSchema = z
  .string()
  .trim()
  .max(500, '说明最多 500 个字')
  .optional()
  .transform((note) => note ?? '')

export const verifyOrganisationSchema = z.object({
  intent: z.literal('verify'),
  note: optionalNoteSchema,
})

export const reasonedIntents = ['flag', 'unflag', 'suspend', 'reinstate'] as const
export type ReasonedIntent = (typeof reasonedIntents)[number]

export const reasonedActionSchema = z.object({
  intent: z.enum(reasonedIntents),
  reason: supervisionReasonSchema,
})

export const verificationQueueTabs = ['departments', 'agencies', 'flagged', 'suspended'] as const
export type VerificationQueueTab = (typeof verificationQueueTabs)[number]
