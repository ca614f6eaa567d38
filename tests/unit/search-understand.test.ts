import { describe, expect, it } from 'vitest'
import { catalogueItems } from '../../seed/catalogue.ts'
import { buildLexicon } from '../../search/catalogue-terms.ts'
import { highlightRanges, splitHighlights } from '../../search/highlight.ts'
import { normalizeQuery } from '../../search/normalize.ts'
import { fullPinyin, pinyinInitials } from '../../search/pinyin.ts'
import { extractPlace } from '../../search/places.ts'
import { cut, indexText } from '../../search/segment.ts'
import { expand } from '../../search/synonyms.ts'
import { plansFor } from '../../search/plans.ts'
import { understandQuery } from '../../search/understand.ts'

const lexicon = buildLexicon(
  catalogueItems.map((item) => ({ ...item, aliases: item.aliases ?? [] })),
)
const codes = (q: string) => understandQuery(lexicon, q).items.map((i) => i.code)

describe('segmentation with the domain dictionary', () => {
  it('keeps abbreviations, places and catalogue words whole', () => {
    expect(cut('濮阳环评')).toEqual(['濮阳', '环评'])
    expect(cut('水土保持方案')).toContain('水土保持方案')
    expect(cut('图审和稳评')).toEqual(['图审', '和', '稳评'])
  })

  it('writes index text as space-joined tokens, whole words and their parts', () => {
    const text = indexText('濮阳市蓝天环境科技有限公司', '水土保持方案编制').split(' ')
    expect(text).toEqual(expect.arrayContaining(['濮阳', '蓝天', '水土', '保持', '编制']))
  })
})

describe('synonyms', () => {
  it('expands abbreviations and near-miss words to catalogue words', () => {
    expect(expand('环评')).toEqual(['环评', '环境影响'])
    expect(expand('评估')).toContain('评价')
    expect(expand('某某')).toEqual(['某某'])
  })

  it('hears a mistyped word as the catalogue word it sounds like, after the word as typed', () => {
    const typo = understandQuery(lexicon, '测会')
    expect(typo.words).toEqual(['测会'])
    expect(typo.soundsLike?.items).toEqual(understandQuery(lexicon, '测绘').items)
    // The word as typed first (it may be a firm's name), then what it sounds like, then looser.
    const plans = plansFor(understandQuery(lexicon, '环竟影响评价'))
    expect(plans[0]).toMatchObject({ words: ['环竟'] })
    expect(plans[1]!.items?.map((i) => i.code)).toEqual(['SI-001', 'SI-002'])
    expect(understandQuery(lexicon, '环竟影响评价').highlights).toContainEqual(
      expect.stringContaining('环境'),
    )
    // Nothing to hear in a known word, or in one no catalogue word sounds like.
    expect(understandQuery(lexicon, '环境').soundsLike).toBeNull()
    expect(understandQuery(lexicon, '宏达科技').soundsLike).toBeNull()
  })

  it('reads an item code as that item, however it is typed', () => {
    expect(codes('SI-002')).toEqual(['SI-002'])
    expect(codes('si002')).toEqual(['SI-002'])
    expect(codes('ＳＩ－０３６ 濮阳')).toEqual(['SI-036'])
    expect(understandQuery(lexicon, 'SI-036 濮阳').place?.name).toBe('濮阳')
    // No such item: the text is searched as typed, not dropped.
    expect(understandQuery(lexicon, 'SI-999').words).toEqual(expect.arrayContaining(['999']))
  })

  it('maps abbreviations and near misses to the right items', () => {
    expect(codes('环评')).toEqual(['SI-001', 'SI-002'])
    expect(codes('环境影响评估')).toEqual(['SI-001', 'SI-002'])
    expect(codes('稳评')).toEqual(['SI-018'])
    expect(codes('图审')).toEqual(['SI-034'])
    expect(codes('水保')).toEqual(['SI-005'])
    expect(codes('施工图审核')).toEqual(['SI-034'])
  })
})

describe('pinyin', () => {
  it('spells words in full and by initials', () => {
    expect(fullPinyin('水土保持')).toBe('shuitubaochi')
    expect(pinyinInitials('水土保持')).toBe('stbc')
  })

  it('reads pinyin queries as the Chinese words they spell', () => {
    expect(codes('shuitubaochi')).toEqual(['SI-005'])
    expect(codes('stbc')).toEqual(['SI-005'])
    expect(codes('huanping')).toEqual(['SI-001', 'SI-002'])
    expect(understandQuery(lexicon, 'puyang cehui').place?.label).toBe('濮阳市')
  })
})

describe('traditional characters and punctuation', () => {
  it('folds traditional to simplified, full-width to half-width, drops symbols', () => {
    expect(normalizeQuery('環境影響評價')).toBe('环境影响评价')
    expect(normalizeQuery('ＳＴＢＣ！！')).toBe('stbc')
    expect(normalizeQuery("'; drop table offerings;--")).toBe('drop table offerings')
    expect(normalizeQuery('😀🏗️')).toBe('')
    expect(normalizeQuery('环'.repeat(500))).toHaveLength(100)
    expect(codes('環評')).toEqual(['SI-001', 'SI-002'])
  })
})

describe('places', () => {
  it('finds a Henan city or county and removes it from the query', () => {
    expect(extractPlace('濮阳 测绘')).toMatchObject({ place: { code: '4109' }, rest: '测绘' })
    expect(extractPlace('华龙区环评')).toMatchObject({ place: { code: '410902' }, rest: '环评' })
    expect(extractPlace('濮阳县 地灾').place?.label).toBe('濮阳县')
    expect(extractPlace('水土保持').place).toBeNull()
  })

  it('keeps the service words after the place', () => {
    const understood = understandQuery(lexicon, '濮阳 测绘')
    expect(understood.place?.name).toBe('濮阳')
    expect(understood.items.map((i) => i.code)).toEqual(['SI-012', 'SI-013', 'SI-014'])
    expect(understood.words).toEqual([])
  })
})

describe('highlights', () => {
  it('marks every occurrence, merging overlaps', () => {
    expect(highlightRanges('环境影响报告书（环境影响）', ['环境影响', '影响报告'])).toEqual([
      [0, 6],
      [8, 12],
    ])
    expect(splitHighlights('濮阳蓝天', [[0, 2]])).toEqual([
      { text: '濮阳', marked: true },
      { text: '蓝天', marked: false },
    ])
  })
})
