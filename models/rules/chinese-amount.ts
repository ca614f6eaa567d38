/**
 * 大写金额: an amount in fen written in Chinese capital numerals, as on contracts and bank
 * slips, following 《正确填写票据和结算凭证的基本规定》:
 * - the leading 壹 of 壹拾 is always written (壹拾元整), so nothing can be added in front;
 * - a run of zeros inside the number is read as one 零 (壹仟零肆元, 壹亿零贰拾万零叁佰元);
 * - a zero 元 digit before 角 or 分 is read as 零 (壹佰万元零壹角整), and so is a zero 角
 *   before 分 (壹元零伍分);
 * - 整 closes an amount that ends at 元 or 角; an amount with 分 has none.
 */

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const
const PLACES = ['', '拾', '佰', '仟'] as const

const digit = (n: number) => DIGITS[n]!

/** One group of four digits (1–9999) with its zeros read as the rules say. */
function groupText(group: number): string {
  let text = ''
  let zeroPending = false
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(group / 10 ** place) % 10
    if (d === 0) {
      if (text !== '') zeroPending = true
      continue
    }
    if (zeroPending) text += '零'
    zeroPending = false
    text += digit(d) + PLACES[place]
  }
  return text
}

/** The whole yuan, e.g. 100200300 → 壹亿零贰拾万零叁佰. Empty for 0. */
function yuanText(yuan: number): string {
  // 亿 and 万 each head the digits above them: 柒万陆仟亿 is 7,6000,0000,0000.
  for (const [unit, size] of [
    ['亿', 100_000_000],
    ['万', 10_000],
  ] as const) {
    if (yuan < size) continue
    const low = yuan % size
    // The lower part starts with a zero unless it fills every place: 壹万零伍佰.
    const joint = low > 0 && low < size / 10 ? '零' : ''
    return `${yuanText(Math.floor(yuan / size))}${unit}${joint}${yuanText(low)}`
  }
  return groupText(yuan)
}

/** 1234567 → 壹万贰仟叁佰肆拾伍元陆角柒分; 0 → 零元整. */
export function chineseCapitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new RangeError(`not an amount in fen that can be written in capitals: ${fen}`)
  if (fen === 0) return '零元整'
  const yuan = Math.floor(fen / 100)
  const jiao = Math.floor(fen / 10) % 10
  const cents = fen % 10
  let text = yuan > 0 ? `${yuanText(yuan)}元` : ''
  if (jiao === 0 && cents === 0) return `${text}整`
  if (yuan > 0 && yuan % 10 === 0) text += '零'
  if (jiao > 0) text += `${digit(jiao)}角`
  else if (yuan > 0 && yuan % 10 !== 0) text += '零'
  if (cents === 0) return `${text}整`
  return `${text}${digit(cents)}分`
}
