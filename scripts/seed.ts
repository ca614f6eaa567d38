/**
 * Loads the catalogue and realistic demo data into an empty database, prints the demo
 * accounts and saves them to data/demo-accounts.txt.
 * Exit 0: seeded; 1: the database already holds data, or seeding failed; 2: bad arguments.
 * A seed that was interrupted is thrown away and run again.
 *
 *   tsx scripts/seed.ts [--seed N] [--agencies N] [--departments N] [--enterprises N]
 */
import { parseArgs } from 'node:util'
import { openCommandDatabase } from './command-database.ts'
import { defaultDemoCounts } from '../seed/demo.ts'
import {
  describeRegistry,
  formatDemoAccounts,
  seedEmptyDatabase,
  writeDemoAccounts,
} from '../seed/run.ts'

const usage =
  '用法：tsx scripts/seed.ts [--seed N] [--agencies N] [--departments N] [--enterprises N]\n' +
  `  默认 --seed 1 --agencies ${defaultDemoCounts.agencies} ` +
  `--departments ${defaultDemoCounts.departments} --enterprises ${defaultDemoCounts.enterprises}`

function fail(lines: string[], code: number) {
  for (const line of lines) console.error(line)
  process.exitCode = code
}

type Numbers = { seed: number; agencies?: number; departments?: number; enterprises?: number }

/** Whole numbers only; the counts need at least one of each kind for the demo accounts. */
function readNumbers(values: Record<string, string | boolean | undefined>): Numbers | string[] {
  const problems: string[] = []
  const read = (name: string, min: number) => {
    const text = values[name]
    if (typeof text !== 'string') return undefined
    if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
      problems.push(`  --${name}：应为不小于 ${min} 的整数，收到「${text}」`)
      return undefined
    }
    return Number(text)
  }
  const numbers = {
    seed: read('seed', 0) ?? 1,
    agencies: read('agencies', 1),
    departments: read('departments', 1),
    enterprises: read('enterprises', 1),
  }
  return problems.length > 0 ? problems : numbers
}

async function main() {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        seed: { type: 'string' },
        agencies: { type: 'string' },
        departments: { type: 'string' },
        enterprises: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    return fail([`参数有误：${(error as Error).message}`, usage], 2)
  }
  if (values.help) return console.log(usage)
  const numbers = readNumbers(values)
  if (Array.isArray(numbers)) return fail(['参数有误：', ...numbers, usage], 2)

  const handle = await openCommandDatabase()
  try {
    await handle.migrate()
    const started = performance.now()
    const accounts = await seedEmptyDatabase(handle, {
      ...numbers,
      progress: true,
      onDiscard: () => console.error('上次生成演示数据没有完成（被中断）：清空数据库，重新生成。'),
    })
    // Demo data mixed into real registrations would be indistinguishable from them.
    if (!accounts)
      return fail(
        [
          '数据库中已有机构或用户数据，未生成演示数据。',
          '如需重新生成：删除 data/ 目录（内置数据库），或将 DATABASE_URL 指向一个新的空数据库。',
        ],
        1,
      )
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const file = await writeDemoAccounts(accounts)
    console.log(`演示数据已生成（随机种子 ${numbers.seed}，用时 ${seconds} 秒）：`)
    console.log(`${await describeRegistry(handle.db)}。`)
    console.log(`\n演示账号（密码随机生成，仅显示这一次，另存于 ${file}）：`)
    console.log(formatDemoAccounts(accounts))
  } finally {
    await handle.close()
  }
}

try {
  await main()
} catch (error) {
  console.error('未能生成演示数据：', error)
  process.exitCode = 1
}
