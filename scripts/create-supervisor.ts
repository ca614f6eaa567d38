/**
 * Creates a supervisor (监管人员) account from the command line — how the first one is made.
 * Exit 0: created; 1: refused (e.g. phone already registered) or failed; 2: bad arguments.
 *
 *   tsx scripts/create-supervisor.ts --phone 13800000000 --password Secret123 [--name 张三]
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createSupervisor } from '../models/accounts.ts'
import { openCommandDatabase } from './command-database.ts'
import { ValidationError } from '../models/errors.ts'
import { supervisorSchema } from '../models/validation/accounts.ts'

const usage =
  '用法：tsx scripts/create-supervisor.ts --phone <手机号> --password <密码> [--name <姓名>]'

function fail(lines: string[], code: number) {
  for (const line of lines) console.error(line)
  process.exitCode = code
}

function fieldLines(fieldErrors: Record<string, string[] | undefined>) {
  return Object.entries(fieldErrors).flatMap(([field, messages]) =>
    (messages ?? []).map((message) => `  --${field}：${message}`),
  )
}

async function main() {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        phone: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    return fail([`参数有误：${(error as Error).message}`, usage], 2)
  }
  if (values.help) return console.log(usage)

  const parsed = supervisorSchema.safeParse({
    name: values.name ?? '监管员',
    phone: values.phone,
    password: values.password,
  })
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error)
    return fail(
      ['输入有误：', ...formErrors.map((m) => `  ${m}`), ...fieldLines(fieldErrors), usage],
      2,
    )
  }

  const handle = await openCommandDatabase()
  try {
    await handle.migrate()
    const user = await createSupervisor(handle.db, parsed.data, null)
    console.log(
      `已创建监管人员「${parsed.data.name}」，手机号 ${parsed.data.phone}，用户 ID ${user.id}`,
    )
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    fail(['未能创建监管人员：', ...fieldLines(error.fieldErrors)], 1)
  } finally {
    await handle.close()
  }
}

try {
  await main()
} catch (error) {
  console.error('未能创建监管人员：', error)
  process.exitCode = 1
}
