const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Stored in UTC, always shown in Beijing time. */
export const formatDateTime = (value: Date | string) => dateTime.format(new Date(value))

export const formatDate = (value: Date | string) => dateOnly.format(new Date(value))

/** 138****1234 — enough to recognise, not enough to call. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`
