// Times are stored in UTC and always shown in Beijing time.

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

export const formatShanghaiDateTime = (value: Date | string) => dateTime.format(new Date(value))

export const formatShanghaiDate = (value: Date | string) => dateOnly.format(new Date(value))
