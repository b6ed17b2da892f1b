import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The Scalar API-reference bundle from node_modules (its exported standalone build), so /docs needs no CDN. */
export function loadScalarScript(): Promise<string> {
  const path = fileURLToPath(import.meta.resolve('@scalar/api-reference/browser/standalone.js'));
  return readFile(path, 'utf8');
}
