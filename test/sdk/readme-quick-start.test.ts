import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, repository, startChildGateway } from '../helpers/child-gateway.js';

/**
 * The README's quick start, as written (bash and curl), against a gateway started as `npm start` starts it: a
 * newcomer who copies it ends with an active sTN line and an SPS eSIM activation code.
 */
const run = promisify(execFile);
let workspace: string;
let gateway: ChildGateway | undefined;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'mvno-readme-'));
  gateway = await startChildGateway(workspace);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

describe('the README quick start', () => {
  it('ends with an active line on sTN and an eSIM activation code on SPS', async () => {
    const readme = await readFile(join(repository, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Activate a line and watch it go live'));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((match) => match[1]!);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('GW=http://127.0.0.1:8080');
    const script = `set -euo pipefail\n${blocks.join('\n').replace('GW=http://127.0.0.1:8080', `GW=${gateway!.baseUrl}`)}`;
    const { stdout } = await run('bash', ['-c', script], { timeout: 90_000 });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^active \+31\d{9}$/);
    expect(lines[1]).toMatch(/^LPA:1\$/);
  }, 120_000);
});
