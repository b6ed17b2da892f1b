/**
 * Child processes of a drill: the gateway and the standalone simulators, each a real process with its output
 * appended to a log file. Every child is registered so that the runner kills whatever is left on exit, on Ctrl-C and
 * on failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const live = new Set<ChildProcess>();

/** Kill every child still running (SIGKILL: nothing of a drill's may outlive the runner). */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

let cleanupInstalled = false;
/** Installed once by the runner: children die with it, however it ends. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.stderr.write(`\ndrills: ${signal}, children killed\n`);
      process.exit(130);
    });
  }
}

export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  logPath: string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** The repository root: drills run from anywhere, the gateway's sources are found from here. */
export const repositoryRoot = new URL('../../', import.meta.url).pathname;

/**
 * Start `node --import tsx <script> …args` with `env` added to a minimal environment (PATH, HOME), output appended to
 * `<logDir>/<name>.log`. Node itself is the child, not npx, so a SIGKILL hits the process that holds the database.
 */
export function startNodeScript(options: {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  logDir: string;
}): RunningProcess {
  const logPath = join(options.logDir, `${options.name}.log`);
  const fd = openSync(logPath, 'a');
  writeSync(fd, `\n--- ${new Date().toISOString()} start ${options.name}\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...options.env,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  return {
    name: options.name,
    pid: child.pid,
    child,
    logPath,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Resident memory of a running process now and at its peak, in MiB (from /proc; null where there is no /proc). */
export function residentMemoryMiB(pid: number): { now: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const now = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const peak = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return now && peak ? { now: Number(now[1]) / 1024, peak: Number(peak[1]) / 1024 } : null;
  } catch {
    return null;
  }
}
