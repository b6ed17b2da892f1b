/**
 * The gateway as a real process (`node --import tsx src/runtime/node.ts`), configured by environment only, on a fixed
 * port so it can be killed and started again on the same database at the same address.
 */
import { call, sleep } from './http.js';
import { type RunningProcess, residentMemoryMiB, startNodeScript } from './processes.js';

export interface GatewayOptions {
  port: number;
  logDir: string;
  /** Added to the drills' defaults (no sandbox, fast engine, short leases). */
  env: Record<string, string>;
  /** Name of the log file (several gateways may share a log folder). */
  name?: string;
}

/** What every drill's gateway runs with unless it says otherwise. */
export function drillGatewayEnv(port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX: 'false',
    LOG_LEVEL: 'info',
    ENGINE_INTERVAL_MS: '100',
    WEBHOOK_INTERVAL_MS: '200',
    ENGINE_LEASE_MS: '2000',
    CARRIER_TIMEOUT_MS: '5000',
    SHUTDOWN_GRACE_MS: '3000',
  };
}

export class GatewayProcess {
  readonly baseUrl: string;
  private current: RunningProcess | undefined;
  starts = 0;

  constructor(private readonly options: GatewayOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  get logPath(): string | undefined {
    return this.current?.logPath;
  }

  /** Start and wait until /healthz answers 200; fails with the exit code when the process dies first. */
  async start(timeoutMs = 60_000): Promise<void> {
    const running = startNodeScript({
      name: this.options.name ?? 'gateway',
      script: 'src/runtime/node.ts',
      env: { ...drillGatewayEnv(this.options.port), ...this.options.env },
      logDir: this.options.logDir,
    });
    this.current = running;
    this.starts++;
    let exit: number | string | undefined;
    void running.exited.then((code) => {
      exit = code;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exit !== undefined) throw new Error(`gateway exited (${exit}) before it was healthy; see ${running.logPath}`);
      try {
        const reply = await call(this.baseUrl, 'GET', '/healthz', { timeoutMs: 2000 });
        if (reply.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`gateway not healthy after ${timeoutMs} ms; see ${running.logPath}`);
      await sleep(50);
    }
  }

  /** SIGKILL: no shutdown code runs, exactly as a crash. */
  async kill(): Promise<void> {
    const running = this.current;
    if (!running) return;
    running.kill('SIGKILL');
    await running.exited;
    this.current = undefined;
  }

  /** SIGTERM and wait (graceful shutdown). */
  async stop(): Promise<number | string | undefined> {
    const running = this.current;
    if (!running) return undefined;
    running.kill('SIGTERM');
    const code = await Promise.race([running.exited, sleep(15_000).then(() => 'hung')]);
    if (code === 'hung') {
      running.kill('SIGKILL');
      await running.exited;
    }
    this.current = undefined;
    return code;
  }

  rssMiB(): { now: number; peak: number } | null {
    return this.current ? residentMemoryMiB(this.current.pid) : null;
  }
}
