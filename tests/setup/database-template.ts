import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { openDatabase } from '../../models/db/client.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string | null
  }
}

/**
 * On PostgreSQL, migrates one template database; each test file then gets its
 * own copy. PGlite needs nothing here: each file opens its own in memory.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL
  if (!url) {
    project.provide('templateDatabase', null)
    return
  }
  const name = `zjcs_template_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const template = await openDatabase({ url: withDatabase(url, name), poolSize: 1 })
  await template.migrate()
  await template.close()
  project.provide('templateDatabase', name)
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
