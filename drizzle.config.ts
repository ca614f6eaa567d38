import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './models/db/schema.ts',
    './models/db/schema-procedures.ts',
    './models/db/schema-search.ts',
    './models/db/schema-contracts.ts',
  ],
  out: './models/db/migrations',
})
