import { defineConfig } from 'prisma/config';

// Used only by the Prisma CLI: `generate` needs no database; `migrate deploy` (where its schema engine can be
// downloaded) reads DATABASE_URL. The application itself applies migrations with its own runner (src/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
