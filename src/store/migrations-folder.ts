import { fileURLToPath } from 'node:url';

/** The drizzle-kit output folder (`drizzle/` at the repository root), found from this file, not the working directory. */
export const defaultMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
