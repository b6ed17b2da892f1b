/**
 * Child processes of the bench: compiled JavaScript (`.mjs`, `.js`) started with Node alone, TypeScript with Node and
 * tsx's loader (one process either way, so its RSS is the whole cost), watched for peak RSS from /proc, stopped
 * with SIGTERM. Nothing here is used by the gateway itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchChild {
  process: ChildProcess;
  /** Largest RSS seen since the last `resetPeak()`, in MB (sampled every 50 ms from /proc/<pid>/status). */
  peakRssMb(): number;
  resetPeak(): void;
  /** One request/answer over the IPC channel (gateway-process.ts). */
  ask<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function startChild(
  script: string,
  env: Record<string, string>,
  options: { quiet?: boolean; args?: readonly string[]; nodeArgs?: readonly string[] } = {},
): BenchChild {
  // BENCH_CPU_PROF=<dir>: every child writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const loader = /\.[cm]?js$/.test(script) ? [] : ['--import', 'tsx'];
  const child = spawn(
    process.execPath,
    [...profile, ...(options.nodeArgs ?? []), ...loader, script, ...(options.args ?? [])],
    {
      // Only what the child is told: BENCH_DATABASE_URL inherited would point a PGlite row at the PostgreSQL server.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', options.quiet ? 'ignore' : 'inherit', 'ipc'],
    },
  );
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid) peak = Math.max(peak, rssMb(child.pid));
  }, 50);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(message.error));
    else pending.resolve(message.result as never);
  });
  void exited.then(() => {
    clearInterval(sampler);
    for (const pending of waiting.values()) pending.reject(new Error(`${script} exited`));
  });
  return {
    process: child,
    peakRssMb: () => Math.max(peak, child.pid ? rssMb(child.pid) : 0),
    resetPeak: () => {
      peak = 0;
    },
    ask: <T>(message: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: never) => void, reject });
        child.send({ ...message, id });
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Milliseconds from now until `url` answers 200 (polled every 20 ms), or an error after `timeoutMs` or when `child`
 * (the process meant to answer) has exited: then whatever answers is not ours.
 */
export async function waitForOk(url: string, child: BenchChild, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.process.exitCode !== null || child.process.signalCode !== null)
      throw new Error(`the process for ${url} exited before answering`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}
