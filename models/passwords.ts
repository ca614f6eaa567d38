import bcrypt from 'bcrypt'

export const BCRYPT_COST = 12

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST)

// Compared when no account matches, so a wrong login costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('timing-equaliser', BCRYPT_COST)

export function verifyPassword(password: string, hash: string | null | undefined) {
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash != null)
}
