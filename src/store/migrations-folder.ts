import { fileURLToPath } from 'node:url';

/**
 * The drizzle-kit output folder (`drizzle/` at the repository root), found from this file, not the working directory.
 * A function, not a constant: computing it at module load crashed runtimes where `import.meta.url` is not a file URL
 * (workerd), just for importing the store.
 */
export function defaultMigrationsFolder(): string {
  return fileURLToPath(new URL('../../drizzle', import.meta.url));
}
