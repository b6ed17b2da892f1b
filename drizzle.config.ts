import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns src/store/schema.ts into SQL migrations in drizzle/, applied at start by
// migrateDatabase() in src/store/migrate-database.ts. Generated files are never edited by hand.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
