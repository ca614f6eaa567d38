import { and, asc, eq, ilike, isNull } from 'drizzle-orm'
import { notBlacklistedNow } from '../models/clock.ts'
import type { Database } from '../models/db/client.ts'
import { organisations } from '../models/db/schema.ts'
import { loadLexicon } from './catalogue-terms.ts'
import { normalizeQuery } from './normalize.ts'
import { fullPinyin, pinyinInitials } from './pinyin.ts'
import { synonyms } from './synonyms.ts'

/**
 * Up to `limit` completions for what has been typed so far: catalogue item names (by name,
 * alias, synonym or pinyin prefix), then agency names beginning with it.
 */
export async function suggest(db: Database, raw: string, limit = 8): Promise<string[]> {
  const q = normalizeQuery(raw).replace(/ /g, '')
  if (q.length === 0) return []
  const lexicon = await loadLexicon(db)
  const latin = /^[a-z]+$/.test(q)
  const out = new Set<string>()
  const hitsWord = (word: string) =>
    latin ? fullPinyin(word).startsWith(q) || pinyinInitials(word).startsWith(q) : word.includes(q)
  for (const item of lexicon.items) {
    const viaSynonym = Object.entries(synonyms).some(
      ([key, values]) => hitsWord(key) && values.some((v) => item.name.includes(v)),
    )
    if (hitsWord(item.name) || item.aliases.some(hitsWord) || viaSynonym) out.add(item.name)
  }
  if (!latin && q.length >= 2 && out.size < limit) {
    const names = await db
      .select({ name: organisations.name })
      .from(organisations)
      .where(
        and(
          eq(organisations.kind, 'agency'),
          isNull(organisations.suspendedAt),
          isNull(organisations.exitedAt),
          notBlacklistedNow(organisations.blacklistedUntil),
          ilike(organisations.name, `%${q}%`),
        ),
      )
      .orderBy(asc(organisations.name))
      .limit(limit - out.size)
    for (const { name } of names) out.add(name)
  }
  return [...out].slice(0, limit)
}
