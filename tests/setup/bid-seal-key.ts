import { randomBytes } from 'node:crypto'

// Each test run seals bids under its own throwaway key.
process.env.BID_SEAL_KEY ??= randomBytes(32).toString('hex')
