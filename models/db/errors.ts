interface PgErrorLike {
  code?: string
  constraint?: string
  cause?: unknown
}

/** The unique constraint a failed statement broke, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | null {
  for (let e = error as PgErrorLike | undefined; e; e = e.cause as PgErrorLike | undefined) {
    if (e.code === '23505') return e.constraint ?? ''
  }
  return null
}
