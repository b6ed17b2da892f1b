import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildConsoleAssetsModule, consoleAssetsModulePath } from './console-build.js';

/** `npm run generate:console`: rebuild the console's generated asset module after editing src/console. */
const text = await buildConsoleAssetsModule();
await mkdir(dirname(consoleAssetsModulePath), { recursive: true });
await writeFile(consoleAssetsModulePath, text);
process.stdout.write(`wrote ${consoleAssetsModulePath} (${text.length} characters)\n`);
