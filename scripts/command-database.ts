import { DataDirBusyError } from '../models/backup-lock.ts'
import { type DatabaseHandle, openConfiguredDatabase } from '../models/db/client.ts'

/**
 * The configured database for a command. A server holding the embedded one ends the command
 * with the reason alone: the operator needs to stop the server, not read a stack trace.
 */
export async function openCommandDatabase(): Promise<DatabaseHandle> {
  try {
    return await openConfiguredDatabase()
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
