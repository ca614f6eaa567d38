import { type ContractTerms, DEFAULT_CONTRACT_TERMS } from './rules/contract-states.ts'

const envNames: Record<keyof ContractTerms, string> = {
  signWorkdays: 'CONTRACT_SIGN_WORKDAYS',
  reminderWorkdays: 'CONTRACT_REMINDER_WORKDAYS',
  paymentDays: 'CONTRACT_PAYMENT_DAYS',
  evaluationWorkdays: 'CONTRACT_EVALUATION_WORKDAYS',
}

/** The platform's contract terms: the defaults, or a positive whole number from the environment. */
export function contractTerms(env: NodeJS.ProcessEnv = process.env): ContractTerms {
  const terms: ContractTerms = { ...DEFAULT_CONTRACT_TERMS }
  for (const key of Object.keys(envNames) as (keyof ContractTerms)[]) {
    const raw = env[envNames[key]]
    if (raw === undefined || raw === '') continue
    const value = Number(raw)
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`${envNames[key]} must be a positive whole number, got "${raw}"`)
    terms[key] = value
  }
  return terms
}
