export {
  formatShanghaiDate as formatDate,
  formatShanghaiDateTime as formatDateTime,
  formatDayKey,
} from '#models/rules/shanghai-time.ts'

/** 138****1234 — enough to recognise, not enough to call. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`
