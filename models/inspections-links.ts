import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm'
import type { Database } from './db/client.ts'
import { inspectorConflicts } from './db/schema-credit.ts'
import { organisations, users } from './db/schema.ts'

/**
 * Who may not inspect whom (回避). An inspector is linked to an agency when
 *  - a conflict was declared for the pair (inspector_conflicts), or
 *  - the inspector's phone or e-mail is the agency's contact phone or e-mail, or that of one
 *    of the agency's user accounts (the people who act for it on the platform).
 * Phones compare by their digits, a leading 86 country code dropped; e-mails case-blind.
 * Practitioners (执业人员) have no contact details on the platform, so they cannot be matched.
 */

export function normalisePhone(phone: string | null | undefined): string {
  const digits = (phone ?? '').replace(/\D/g, '')
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
}

export const normaliseEmail = (email: string | null | undefined) =>
  (email ?? '').trim().toLowerCase()

/** The same as normalisePhone, in SQL, so the match runs in the database. */
function phoneSql(column: SQL | unknown): SQL {
  const digits = sql`regexp_replace(${column}, '[^0-9]', '', 'g')`
  return sql`(case when length(${digits}) = 13 and left(${digits}, 2) = '86' then substr(${digits}, 3) else ${digits} end)`
}

const emailSql = (column: unknown): SQL => sql`lower(btrim(${column}))`

interface Contact {
  id: string
  phone: string
  email: string
}

function matching(phones: string[], emails: string[], phoneColumn: unknown, emailColumn: unknown) {
  const tests = [
    phones.length ? inArray(phoneSql(phoneColumn), phones) : undefined,
    emails.length ? inArray(emailSql(emailColumn), emails) : undefined,
  ].filter((t): t is SQL => t != null)
  return tests.length ? or(...tests)! : sql`false`
}

/** Agency id → the ids of the given inspectors linked to it (sorted); agencies without links absent. */
export async function linkedInspectors(
  tx: Database,
  inspectorIds: readonly string[],
): Promise<Record<string, string[]>> {
  if (inspectorIds.length === 0) return {}
  const links = new Map<string, Set<string>>()
  const link = (agencyId: string, inspectorId: string) =>
    links.set(agencyId, (links.get(agencyId) ?? new Set()).add(inspectorId))

  const declared = await tx
    .select({ userId: inspectorConflicts.userId, agencyId: inspectorConflicts.agencyId })
    .from(inspectorConflicts)
    .where(inArray(inspectorConflicts.userId, [...inspectorIds]))
  for (const d of declared) link(d.agencyId, d.userId)

  const inspectors: Contact[] = (
    await tx
      .select({ id: users.id, phone: users.phone, email: users.email })
      .from(users)
      .where(inArray(users.id, [...inspectorIds]))
  ).map((u) => ({ id: u.id, phone: normalisePhone(u.phone), email: normaliseEmail(u.email) }))
  const phones = [...new Set(inspectors.map((i) => i.phone).filter(Boolean))]
  const emails = [...new Set(inspectors.map((i) => i.email).filter(Boolean))]
  if (phones.length + emails.length === 0) return sorted(links)

  const [agencies, members] = await Promise.all([
    tx
      .select({
        agencyId: organisations.id,
        phone: phoneSql(organisations.contactPhone),
        email: emailSql(organisations.contactEmail),
      })
      .from(organisations)
      .where(
        and(
          eq(organisations.kind, 'agency'),
          matching(phones, emails, organisations.contactPhone, organisations.contactEmail),
        ),
      ),
    tx
      .select({
        agencyId: users.organisationId,
        phone: phoneSql(users.phone),
        email: emailSql(users.email),
      })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(
        and(eq(organisations.kind, 'agency'), matching(phones, emails, users.phone, users.email)),
      ),
  ])
  for (const row of [...agencies, ...members]) {
    const phone = String(row.phone ?? '')
    const email = String(row.email ?? '')
    for (const inspector of inspectors)
      if ((phone && inspector.phone === phone) || (email && inspector.email === email))
        link(row.agencyId!, inspector.id)
  }
  return sorted(links)
}

function sorted(links: Map<string, Set<string>>): Record<string, string[]> {
  return Object.fromEntries([...links].map(([agencyId, ids]) => [agencyId, [...ids].sort()]))
}
