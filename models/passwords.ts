import bcrypt from 'bcrypt'

export const BCRYPT_COST = 12

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST)

// Compared when no account matches, so a wrong login costs as long as a wrong password.
// Hashed on bcrypt's thread pool as the module loads: hashSync held up every start by ~0.3 s
// (twice in the server, which loads this module from the sources and from the build).
const dummyHash = bcrypt.hash('timing-equaliser', BCRYPT_COST)

export async function verifyPassword(password: string, hash: string | null | undefined) {
  const ok = await bcrypt.compare(password, hash ?? (await dummyHash))
  return ok && hash != null
}
