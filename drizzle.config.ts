import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './models/db/schema.ts',
    './models/db/schema-procedures.ts',
    './models/db/schema-search.ts',
    './models/db/schema-contracts.ts',
    './models/db/schema-credit.ts',
    './models/db/schema-ocds.ts',
    './models/db/schema-rate-limits.ts',
  ],
  out: './models/db/migrations',
})
