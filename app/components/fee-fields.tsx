import type { FieldMetadata } from '@conform-to/react'
import { useState } from 'react'
import { feeKindNames, feeKinds } from '#models/rules/fees.ts'
import { RadioGroup, TextAreaField, TextField } from './form-fields.tsx'
import { useHydrated } from './offering-fields.tsx'

type Meta = FieldMetadata<string | undefined>

interface FeeFieldsProps {
  fields: Record<'feeKind' | 'feeFixed' | 'feeMin' | 'feeMax' | 'feeRule' | 'feeExample', Meta>
  first: string | undefined
}

const kindOptions = feeKinds.map((kind) => ({
  value: kind,
  label: feeKindNames[kind],
  hint: {
    fixed: '一口价，如 8 万元',
    range: '按项目规模在区间内报价，如 2 万–5 万元',
    rule: '写明计费方法和一个计算示例，并给出收费上下限',
  }[kind],
}))

/** The offering form's fields in page order, for focusing the first error. */
export const offeringFieldOrder = [
  'serviceItemCode',
  'feeKind',
  'feeFixed',
  'feeMin',
  'feeMax',
  'feeRule',
  'feeExample',
  'timeLimitDays',
  'scope',
] as const

const amountHint = '单位：元，可填 12000 或 1.2万'

/**
 * The fee kind and its amounts. Without JavaScript every amount field shows, each saying
 * when it applies; with it, only the chosen kind's fields do.
 */
export function FeeFields({ fields, first }: FeeFieldsProps) {
  const hydrated = useHydrated()
  const [kind, setKind] = useState(fields.feeKind.value ?? fields.feeKind.initialValue ?? '')
  const shows = (...kinds: string[]) => !hydrated || kinds.includes(kind)
  const boundsLabel = kind === 'rule' ? '收费' : '价格'
  return (
    <>
      <div
        onChange={(event) => {
          const target = event.target as HTMLInputElement
          if (target.name === fields.feeKind.name) setKind(target.value)
        }}
      >
        <RadioGroup
          meta={fields.feeKind}
          legend="收费方式"
          options={kindOptions}
          focus={first === 'feeKind'}
        />
      </div>
      <div hidden={!shows('fixed')}>
        <TextField
          meta={fields.feeFixed}
          label={hydrated ? '固定价格（元）' : '固定价格（元，选择“固定价格”时填写）'}
          hint={amountHint}
          focus={first === 'feeFixed'}
        />
      </div>
      {/* `hidden` sits on a plain div: .stack's display would override it. */}
      <div hidden={!shows('range', 'rule')}>
        <div className="stack">
          <TextField
            meta={fields.feeMin}
            label={
              hydrated ? `${boundsLabel}下限（元）` : '收费下限（元，价格区间或计费规则时填写）'
            }
            hint={amountHint}
            focus={first === 'feeMin'}
          />
          <TextField
            meta={fields.feeMax}
            label={
              hydrated ? `${boundsLabel}上限（元）` : '收费上限（元，价格区间或计费规则时填写）'
            }
            hint="竞价时报价不能高于此上限"
            focus={first === 'feeMax'}
          />
        </div>
      </div>
      <div hidden={!shows('rule')}>
        <div className="stack">
          <TextAreaField
            meta={fields.feeRule}
            label={hydrated ? '计费规则' : '计费规则（选择“计费规则”时填写）'}
            hint="如：按项目总投资额的 0.13% 计取"
            rows={3}
            focus={first === 'feeRule'}
          />
          <TextField
            meta={fields.feeExample}
            label={hydrated ? '计算示例' : '计算示例（选择“计费规则”时填写）'}
            hint="如：投资额 5000 万元 → 收费 6.5 万元"
            focus={first === 'feeExample'}
          />
        </div>
      </div>
    </>
  )
}
