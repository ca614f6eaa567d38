import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { asc, eq, sql } from 'drizzle-orm'
import { signIn, signUp } from '../../models/accounts.ts'
import {
  appendAuditEvent,
  countAuditEvents,
  recentAuditEvents,
  sha256,
  verifyAuditChain,
} from '../../models/audit.ts'
import { type Database, type DatabaseHandle, openDatabase } from '../../models/db/client.ts'
import { auditEvents, organisations } from '../../models/db/schema.ts'
import { ValidationError } from '../../models/errors.ts'
import { eventHash, GENESIS_HASH } from '../../models/rules/audit-chain.ts'
import { endSession } from '../../models/sessions.ts'
import { buildSignUp } from '../../seed/factories.ts'
import { createTestDatabase, ctxFor } from '../setup/test-database.ts'

/** Runs `work` and returns the audit events it appended, oldest first. */
async function eventsWrittenBy(db: Database, work: () => Promise<unknown>) {
  const [before] = await db
    .select({ seq: sql<number>`coalesce(max(seq), 0)::int` })
    .from(auditEvents)
  await work()
  return db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.seq} > ${before!.seq}`)
    .orderBy(asc(auditEvents.seq))
}

/** The error's code and message, or those of whatever caused it (drizzle wraps driver errors). */
function rootCause(error: unknown): { code?: string; message: string } {
  let e = error as { code?: string; message: string; cause?: unknown }
  while (e.cause) e = e.cause as typeof e
  return e
}

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.fail('expected the statement to be refused'),
    (error: unknown) => rootCause(error),
  )
}

/**
 * Changes the audit log the way a database administrator could: with triggers switched off.
 * The SET is local to a transaction, so on a pool it stays on the connection doing the damage.
 */
function tamper(db: Database, statement: ReturnType<typeof sql>) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`)
    await tx.execute(statement)
  })
}

class Abort extends Error {}

describe('what writes to the audit log', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase()
  })
  afterAll(() => handle.close())

  it('sign-up, sign-in, failed sign-in and sign-out each write exactly one event', async () => {
    const input = buildSignUp()
    const ctx = ctxFor(handle)

    let organisationId = ''
    const signedUp = await eventsWrittenBy(handle.db, async () => {
      organisationId = (await signUp(ctx, input)).organisation.id
    })
    expect(signedUp).toMatchObject([
      { action: 'account.signed_up', subjectType: 'organisation', subjectId: organisationId },
    ])

    let sessionId = ''
    const signedIn = await eventsWrittenBy(handle.db, async () => {
      sessionId = (await signIn(ctx, { login: input.phone, password: input.password })).session.id
    })
    expect(signedIn.map((e) => e.action)).toEqual(['session.signed_in'])

    const failed = await eventsWrittenBy(handle.db, () =>
      expect(
        signIn(ctx, { login: input.phone, password: 'wrong-password-1' }),
      ).rejects.toBeInstanceOf(ValidationError),
    )
    expect(failed).toMatchObject([{ action: 'session.sign_in_failed', actorUserId: null }])

    const signedOut = await eventsWrittenBy(handle.db, () => endSession(handle.db, sessionId))
    expect(signedOut.map((e) => e.action)).toEqual(['session.signed_out'])

    // Ending a session that is already over is no event at all.
    expect(await eventsWrittenBy(handle.db, () => endSession(handle.db, sessionId))).toEqual([])
    expect(await verifyAuditChain(handle.db)).toMatchObject({ problem: null })
  })

  it('a refused sign-up writes no event', async () => {
    const first = buildSignUp()
    await signUp(ctxFor(handle), first)
    const events = await eventsWrittenBy(handle.db, async () => {
      await expect(
        signUp(ctxFor(handle), buildSignUp({ uscc: first.uscc })),
      ).rejects.toBeInstanceOf(ValidationError)
    })
    expect(events).toEqual([])
  })

  it('an event rolls back with the transaction that appended it', async () => {
    const count = await countAuditEvents(handle.db)
    await expect(
      handle.db.transaction(async (tx) => {
        await appendAuditEvent(tx, {
          actorUserId: null,
          action: 'test.rolled_back',
          subjectType: 'test',
        })
        expect(await countAuditEvents(tx)).toBe(count + 1)
        throw new Abort('roll back')
      }),
    ).rejects.toBeInstanceOf(Abort)
    expect(await countAuditEvents(handle.db)).toBe(count)

    // A sign-up joins the caller's transaction: its organisation and its event go together.
    const input = buildSignUp()
    await expect(
      handle.db.transaction(async (tx) => {
        await signUp({ db: tx, actor: null }, input)
        throw new Abort('roll back')
      }),
    ).rejects.toBeInstanceOf(Abort)
    expect(await countAuditEvents(handle.db)).toBe(count)
    const organisation = await handle.db
      .select()
      .from(organisations)
      .where(eq(organisations.uscc, input.uscc))
    expect(organisation).toEqual([])

    // The next event links to the last committed one, so the chain stays whole.
    await appendAuditEvent(handle.db, {
      actorUserId: null,
      action: 'test.after',
      subjectType: 'test',
    })
    expect(await verifyAuditChain(handle.db)).toEqual({ checked: count + 1, problem: null })
  })

  it('an event verifies however the caller spelled its values', async () => {
    const { user } = await signUp(ctxFor(handle), buildSignUp())
    const fee = { fen: 12_345, toJSON: () => '123.45 元' }
    await appendAuditEvent(handle.db, {
      actorUserId: user.id.toUpperCase(),
      action: 'test.spelling',
      subjectType: 'test',
      data: { fee, at: new Date(0), gone: undefined, list: [undefined, 1e-7, 2 ** 60] },
    })
    const [event] = await recentAuditEvents(handle.db, 1)
    expect(event).toMatchObject({
      actorUserId: user.id,
      data: { fee: '123.45 元', at: '1970-01-01T00:00:00.000Z', list: [null, 1e-7, 2 ** 60] },
    })
    expect((await verifyAuditChain(handle.db)).problem).toBeNull()
  })

  it('the database refuses to update, delete or truncate audit events', async () => {
    await appendAuditEvent(handle.db, {
      actorUserId: null,
      action: 'test.kept',
      subjectType: 'test',
    })
    const count = await countAuditEvents(handle.db)
    const attempts = [
      sql`update audit_events set action = 'test.changed'`,
      sql`delete from audit_events where seq = (select max(seq) from audit_events)`,
      sql`truncate audit_events`,
    ]
    for (const statement of attempts) {
      const error = await rejection(handle.db.execute(statement))
      expect(error.code).toBe('42501')
      expect(error.message).toMatch(/append-only/)
    }
    expect(await countAuditEvents(handle.db)).toBe(count)
    const [last] = await recentAuditEvents(handle.db, 1)
    expect(last!.action).toBe('test.kept')
  })
})

describe('parallel writers', () => {
  let handle: DatabaseHandle
  beforeAll(async () => {
    handle = await createTestDatabase()
  })
  afterAll(() => handle.close())

  it('keep the chain a single line', async () => {
    const before = await countAuditEvents(handle.db)
    await Promise.all([
      ...Array.from({ length: 20 }, () => signUp(ctxFor(handle), buildSignUp())),
      ...Array.from({ length: 50 }, (_, i) =>
        handle.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`)
          await appendAuditEvent(tx, {
            actorUserId: null,
            action: 'test.parallel',
            subjectType: 'test',
            subjectId: String(i),
            data: { i, nested: { b: 2, a: [1, 'x', null] } },
          })
        }),
      ),
    ])
    expect(await countAuditEvents(handle.db)).toBe(before + 70)
    expect(await verifyAuditChain(handle.db)).toEqual({ checked: before + 70, problem: null })

    const [shape] = await handle.db
      .select({
        rows: sql<number>`count(*)::int`,
        prevHashes: sql<number>`count(distinct ${auditEvents.prevHash})::int`,
        hashes: sql<number>`count(distinct ${auditEvents.hash})::int`,
        genesis: sql<number>`count(*) filter (where ${auditEvents.prevHash} = ${GENESIS_HASH})::int`,
      })
      .from(auditEvents)
    expect(shape).toEqual({
      rows: before + 70,
      prevHashes: before + 70,
      hashes: before + 70,
      genesis: 1,
    })
  })
})

describe('tampering', () => {
  // Each case damages its database for good, so each gets a fresh one.
  let handle: DatabaseHandle | undefined
  afterEach(async () => {
    await handle?.close()
    handle = undefined
  })

  /** A fresh database holding a whole chain of `n` events; returns their seqs. */
  async function chainOf(n: number) {
    handle = await createTestDatabase()
    const seqs: number[] = []
    for (let i = 0; i < n; i++)
      seqs.push(
        await appendAuditEvent(handle.db, {
          actorUserId: null,
          action: 'test.event',
          subjectType: 'test',
          subjectId: String(i),
          data: { i },
        }),
      )
    expect(await verifyAuditChain(handle.db)).toEqual({ checked: n, problem: null })
    return { db: handle.db, seqs }
  }

  it('an altered record is named by its seq', async () => {
    const { db, seqs } = await chainOf(5)
    await tamper(db, sql`update audit_events set data = '{"i": 99}' where seq = ${seqs[2]}`)
    expect(await verifyAuditChain(db)).toEqual({
      checked: 2,
      problem: { seq: seqs[2], reason: '记录内容被改动（哈希不符）' },
    })
  })

  it('an altered record with a recomputed hash breaks the link of the next one', async () => {
    const { db, seqs } = await chainOf(5)
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, seqs[1]!))
    const forged = { ...row!, action: 'test.forged' }
    const hash = eventHash(forged, sha256)
    await tamper(
      db,
      sql`update audit_events set action = ${forged.action}, hash = ${hash} where seq = ${seqs[1]}`,
    )
    expect(await verifyAuditChain(db)).toEqual({
      checked: 2,
      problem: { seq: seqs[2], reason: '前一条记录缺失或被改动（链接断开）' },
    })
  })

  it('a removed record is noticed at the one after it', async () => {
    const { db, seqs } = await chainOf(5)
    await tamper(db, sql`delete from audit_events where seq = ${seqs[2]}`)
    expect(await verifyAuditChain(db)).toEqual({
      checked: 2,
      problem: { seq: seqs[3], reason: '前一条记录缺失或被改动（链接断开）' },
    })
  })

  it('a removed first record is noticed too', async () => {
    const { db, seqs } = await chainOf(3)
    await tamper(db, sql`delete from audit_events where seq = ${seqs[0]}`)
    expect((await verifyAuditChain(db)).problem?.seq).toBe(seqs[1])
  })
})

describe('scripts/audit-verify.ts', () => {
  let dataRoot: string
  beforeAll(async () => {
    dataRoot = await mkdtemp(path.join(tmpdir(), 'zjcs-audit-verify-'))
  })
  afterAll(() => rm(dataRoot, { recursive: true, force: true }))

  /** The script against embedded PGlite under $DATA_DIR, whatever DATABASE_URL says. */
  function runVerify() {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataRoot }
    delete env.DATABASE_URL
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'scripts/audit-verify.ts'], { env, cwd: process.cwd() })
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, output }))
    })
  }

  async function withDataDir<T>(work: (handle: DatabaseHandle) => Promise<T>) {
    const handle = await openDatabase({ dataDir: path.join(dataRoot, 'pglite') })
    try {
      await handle.migrate()
      return await work(handle)
    } finally {
      await handle.close()
    }
  }

  it('passes a whole chain and names the first altered record', { timeout: 120_000 }, async () => {
    const tamperedSeq = await withDataDir(async (handle) => {
      for (let i = 0; i < 2; i++) {
        const input = buildSignUp()
        await signUp(ctxFor(handle), input)
        await signIn(ctxFor(handle), { login: input.phone, password: input.password })
      }
      const [event] = await handle.db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'session.signed_in'))
        .orderBy(asc(auditEvents.seq))
        .limit(1)
      return event!.seq
    })

    const whole = await runVerify()
    expect(whole.output).toContain('审计日志完整：共 4 条记录，哈希链校验通过')
    expect(whole.code).toBe(0)

    await withDataDir((handle) =>
      tamper(handle.db, sql`update audit_events set subject_type = 'x' where seq = ${tamperedSeq}`),
    )
    const broken = await runVerify()
    expect(broken.output).toContain(`第 seq=${tamperedSeq} 条记录：记录内容被改动（哈希不符）`)
    expect(broken.code).toBe(1)
  })
})
