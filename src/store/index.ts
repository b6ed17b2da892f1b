export { createStore, type StoreOptions } from './create-store.js';
export type { OpenedDatabase, StoreDatabase } from './database.js';
export { migrateDatabase } from './migrate-database.js';
export { defaultMigrationsFolder } from './migrations-folder.js';
export { openPgliteDatabase } from './pglite-driver.js';
export { openPostgresDatabase } from './postgres-driver.js';
export { createStoreOnDatabase } from './store-on-database.js';
export { isUniqueViolation } from './unique-violation.js';
