// A strict, small XML 1.0 well-formedness parser for the feed tests: no XML library is
// installed. It refuses what a real parser refuses for our documents (unbalanced or
// crossed tags, a bare & or <, unknown entities, characters XML forbids, duplicate
// attributes, more than one root) and returns the tree with text decoded.

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: (XmlElement | string)[]
}

const NAME = /^[A-Za-z_:][\w.:-]*/
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
// Any character outside XML 1.0's Char production (lone surrogates included).
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function decode(text: string, where: string): string {
  let out = ''
  for (let i = 0; i < text.length;) {
    const c = text[i]!
    if (c === '<') throw new Error(`bare < in ${where}`)
    if (c !== '&') {
      out += c
      i++
      continue
    }
    const m = ENTITY.exec(text.slice(i))
    if (!m) throw new Error(`bare & in ${where}: ${text.slice(i, i + 12)}`)
    const ref = m[1]!
    out += ref.startsWith('#x')
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith('#')
        ? String.fromCodePoint(Number(ref.slice(1)))
        : NAMED[ref]!
    i += m[0].length
  }
  return out
}

export function parseXml(source: string): XmlElement {
  if (NOT_CHAR.test(source)) throw new Error('a character XML 1.0 does not allow')
  let rest = source.replace(/^\uFEFF/, '')
  const decl = /^<\?xml\s[^?]*\?>/.exec(rest)
  if (decl) rest = rest.slice(decl[0].length)
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  while (rest.length > 0) {
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->')
      if (end < 0) throw new Error('unclosed comment')
      rest = rest.slice(end + 3)
    } else if (rest.startsWith('</')) {
      const m = /^<\/([A-Za-z_:][\w.:-]*)\s*>/.exec(rest)
      const open = stack.pop()
      if (!m || !open || open.name !== m[1]) throw new Error(`unexpected ${rest.slice(0, 30)}`)
      rest = rest.slice(m[0].length)
    } else if (rest.startsWith('<')) {
      const name = NAME.exec(rest.slice(1))?.[0]
      if (!name) throw new Error(`bad tag ${rest.slice(0, 30)}`)
      rest = rest.slice(1 + name.length)
      const element: XmlElement = { name, attributes: {}, children: [] }
      for (;;) {
        const attr = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/.exec(rest)
        if (!attr) break
        if (attr[1]! in element.attributes) throw new Error(`duplicate attribute ${attr[1]}`)
        element.attributes[attr[1]!] = decode(attr[2]!.slice(1, -1), `@${attr[1]}`)
        rest = rest.slice(attr[0].length)
      }
      const close = /^\s*(\/?)>/.exec(rest)
      if (!close) throw new Error(`bad tag end <${name}${rest.slice(0, 30)}`)
      rest = rest.slice(close[0].length)
      const parent = stack.at(-1)
      if (parent) parent.children.push(element)
      else if (root) throw new Error('more than one root element')
      else root = element
      if (!close[1]) stack.push(element)
    } else {
      const end = rest.indexOf('<')
      const text = end < 0 ? rest : rest.slice(0, end)
      const parent = stack.at(-1)
      if (parent) parent.children.push(decode(text, `<${parent.name}>`))
      else if (text.trim()) throw new Error(`text outside the root: ${text.slice(0, 30)}`)
      rest = end < 0 ? '' : rest.slice(end)
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)!.name}>`)
  if (!root) throw new Error('no root element')
  return root
}

/** Child elements named `name`. */
export const childrenNamed = (element: XmlElement, name: string) =>
  element.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name)

/** The text of the first child named `name` ('' when absent). */
export const textOf = (element: XmlElement, name: string) => {
  const child = childrenNamed(element, name)[0]
  return child ? child.children.filter((c) => typeof c === 'string').join('') : ''
}
