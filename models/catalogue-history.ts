// How a catalogue item's versions are stored and read back. No I/O here.

export const itemChanges = ['created', 'edited', 'retired', 'reinstated'] as const
export type ItemChange = (typeof itemChanges)[number]

/** The whole item as it stood after one change; stored as jsonb in service_item_versions. */
export type ItemSnapshot = {
  code: string
  name: string
  category: string
  department: string
  servesApproval: string
  legalBasis: string
  feeType: string
  feeStandard: string
  feeMinFen: number | null
  feeMaxFen: number | null
  timeLimitWorkdays: number
  conditions: string
  workflow: string
  qualification: string | null
  aliases: string[]
  retiredAt: string | null
  /** Why the item was retired; kept with the state, cleared on reinstatement. */
  retireReason: string | null
}

/** The item as the database holds it: the snapshot's fields, with a real retirement date. */
export type ItemRow = Omit<ItemSnapshot, 'retiredAt' | 'retireReason'> & { retiredAt: Date | null }

export function snapshotOf(item: ItemRow, retireReason: string | null): ItemSnapshot {
  return {
    code: item.code,
    name: item.name,
    category: item.category,
    department: item.department,
    servesApproval: item.servesApproval,
    legalBasis: item.legalBasis,
    feeType: item.feeType,
    feeStandard: item.feeStandard,
    feeMinFen: item.feeMinFen,
    feeMaxFen: item.feeMaxFen,
    timeLimitWorkdays: item.timeLimitWorkdays,
    conditions: item.conditions,
    workflow: item.workflow,
    qualification: item.qualification,
    aliases: [...item.aliases],
    retiredAt: item.retiredAt ? item.retiredAt.toISOString() : null,
    retireReason: item.retiredAt ? retireReason : null,
  }
}

/** Chinese names of the fields a reader of the history sees change, in the page's order. */
export const itemFieldLabels = {
  name: '事项名称',
  category: '类别',
  department: '主管部门',
  servesApproval: '服务的审批事项',
  legalBasis: '设定依据',
  feeType: '收费类型',
  feeStandard: '收费标准',
  timeLimitWorkdays: '办理时限（工作日）',
  conditions: '办理条件',
  workflow: '服务流程',
  qualification: '资质要求',
  aliases: '别名',
} as const

export type TrackedField = keyof typeof itemFieldLabels
export const trackedFields = Object.keys(itemFieldLabels) as TrackedField[]

export interface FieldChange {
  field: TrackedField
  label: string
  before: string
  after: string
}

function shown(snapshot: Partial<ItemSnapshot>, field: TrackedField): string {
  const value = snapshot[field]
  if (Array.isArray(value)) return value.join('、')
  if (value == null || value === '') return ''
  return String(value)
}

/** The fields that differ between two snapshots, with their old and new values as text. */
export function diffSnapshots(
  before: Partial<ItemSnapshot>,
  after: Partial<ItemSnapshot>,
): FieldChange[] {
  return trackedFields
    .map((field) => ({
      field,
      label: itemFieldLabels[field],
      before: shown(before, field),
      after: shown(after, field),
    }))
    .filter((change) => change.before !== change.after)
}

export interface StoredVersion {
  id: number
  change: ItemChange
  snapshot: Partial<ItemSnapshot>
  changedBy: string | null
  changedAt: Date
}

export interface HistoryEntry {
  id: number
  change: ItemChange
  changedAt: Date
  /** A 'created' version written on first edit of an item loaded from the seed catalogue. */
  imported: boolean
  changes: FieldChange[]
  reason: string | null
}

/** Versions oldest first → entries newest first, each with what it changed from the one before. */
export function historyOf(versions: readonly StoredVersion[]): HistoryEntry[] {
  return versions
    .map((version, i) => {
      const previous = i > 0 ? versions[i - 1]!.snapshot : null
      return {
        id: version.id,
        change: version.change,
        changedAt: version.changedAt,
        imported: version.change === 'created' && version.changedBy == null,
        changes: previous ? diffSnapshots(previous, version.snapshot) : [],
        reason: version.change === 'retired' ? (version.snapshot.retireReason ?? null) : null,
      }
    })
    .reverse()
}

export const itemChangeNames: Record<ItemChange, string> = {
  created: '新增',
  edited: '修改',
  retired: '停用',
  reinstated: '恢复',
}
