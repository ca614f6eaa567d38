import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../models/db/client.ts'
import { feeTypes, serviceItems } from '../models/db/schema.ts'
import catalogue from './data/service-items.json' with { type: 'json' }

// Checked on load, so a typo in the JSON fails the seed instead of storing nonsense.
const itemSchema = z.object({
  code: z.string().regex(/^SI-\d{3}$/),
  name: z.string().min(2),
  category: z.string().min(1),
  department: z.string().min(1),
  serves_approval: z.string().min(1),
  legal_basis: z.string().min(1),
  fee_type: z.enum(feeTypes),
  qualification: z.string().nullable(),
  aliases: z.array(z.string()),
  demo_fee_range_yuan: z
    .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
    .refine(([min, max]) => min <= max, '收费下限高于上限'),
  demo_time_limit_workdays: z.number().int().positive(),
})

export type CatalogueItem = z.infer<typeof itemSchema>

export const catalogueItems: readonly CatalogueItem[] = z.array(itemSchema).parse(catalogue.items)

/** The departments that commission the catalogue's items, e.g. 生态环境局. */
export const catalogueDepartments: readonly string[] = [
  ...new Set(catalogueItems.map((item) => item.department)),
]

const yuan = (amount: number) => amount.toLocaleString('zh-CN')

function demoFeeStandard(item: CatalogueItem): string {
  const [min, max] = item.demo_fee_range_yuan
  return `${item.fee_type}，参考收费 ${yuan(min)}–${yuan(max)} 元（演示数据，非官方标准）。`
}

function toRow(item: CatalogueItem): typeof serviceItems.$inferInsert {
  const [min, max] = item.demo_fee_range_yuan
  return {
    code: item.code,
    name: item.name,
    category: item.category,
    department: item.department,
    servesApproval: item.serves_approval,
    legalBasis: item.legal_basis,
    feeType: item.fee_type,
    feeStandard: demoFeeStandard(item),
    feeMinFen: min * 100,
    feeMaxFen: max * 100,
    timeLimitWorkdays: item.demo_time_limit_workdays,
    qualification: item.qualification,
    aliases: item.aliases,
  }
}

// Columns the JSON owns; conditions, workflow and retired_at stay as supervisors left them.
const ownedColumns = [
  'name',
  'category',
  'department',
  'servesApproval',
  'legalBasis',
  'feeType',
  'feeStandard',
  'feeMinFen',
  'feeMaxFen',
  'timeLimitWorkdays',
  'qualification',
  'aliases',
] as const

/** Upserts every catalogue item; running it again changes nothing. Returns the item count. */
export async function loadCatalogue(db: Database): Promise<number> {
  const set = Object.fromEntries(
    ownedColumns.map((key) => [key, sql.raw(`excluded.${serviceItems[key].name}`)]),
  )
  await db
    .insert(serviceItems)
    .values(catalogueItems.map(toRow))
    .onConflictDoUpdate({ target: serviceItems.code, set })
  return catalogueItems.length
}
