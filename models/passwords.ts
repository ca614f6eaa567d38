import bcrypt from 'bcrypt'

/**
 * bcrypt's work factor: 12 wherever the platform runs. Only a Vitest run (NODE_ENV=test and
 * VITEST set, as Vitest sets them) hashes at bcrypt's minimum, 4, as Devise and Rails do in
 * tests: fixtures make hundreds of accounts, at ~0.25 s a hash here. The end-to-end suite
 * drives the production build, so sign-in is tested at 12 too.
 */
export function bcryptCostFor(env: Record<string, string | undefined>): number {
  return env.NODE_ENV === 'test' && env.VITEST ? 4 : 12
}

export const BCRYPT_COST = bcryptCostFor(process.env)

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST)

// Compared when no account matches, so a wrong login costs as long as a wrong password.
// Hashed on bcrypt's thread pool as the module loads: hashSync held up every start by ~0.3 s
// (twice in the server, which loads this module from the sources and from the build).
const dummyHash = bcrypt.hash('timing-equaliser', BCRYPT_COST)

export async function verifyPassword(password: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(password, hash ?? (await dummyHash))
  return ok && hash != null
}
