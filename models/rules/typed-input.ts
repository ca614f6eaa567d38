// A Chinese input method in full-width mode types １２０００ and １３８ ００１３ ８０００.
// Only fields that hold numbers or codes are folded: names keep their full-width （）.

/** Full-width digits, letters and punctuation to their ASCII forms (NFKC). */
export function halfWidth(text: string): string {
  return text.normalize('NFKC')
}

/** A number as typed: half-width, and the IME's 。 taken for the decimal point it stands for. */
export function typedNumber(text: string): string {
  return halfWidth(text).replace(/。/g, '.').trim()
}

/** A mobile number as typed: half-width, without spaces, hyphens or a +86 / 0086 prefix. */
export function typedMobile(text: string): string {
  return halfWidth(text)
    .replace(/[\s-]/g, '')
    .replace(/^(?:\+86|0086)(?=1\d{10}$)/, '')
}

/** A landline or mobile number as typed: half-width, spaces dropped, a mobile number folded. */
export function typedPhone(text: string): string {
  const compact = halfWidth(text).replace(/\s/g, '')
  const mobile = typedMobile(compact)
  return /^1\d{10}$/.test(mobile) ? mobile : compact
}
