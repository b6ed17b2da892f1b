/**
 * A simulator's sense of time: work due at a moment (move an activation from INIT to BUSY, send a callback) is
 * queued, and `runDue(now)` carries out everything due by then, in due order. Simulators call it at the start of
 * every request (so state is always current for the injected clock) and, in real time, from a timer.
 */
export interface ScheduledTask {
  at: number;
  order: number;
  run: () => void | Promise<void>;
}

export class TaskScheduler {
  private tasks: ScheduledTask[] = [];
  private nextOrder = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly now: () => Date) {}

  /** Run `task` once `delayMs` has passed on the simulator's clock. */
  after(delayMs: number, run: ScheduledTask['run']): void {
    this.at(new Date(this.now().getTime() + delayMs), run);
  }

  at(moment: Date, run: ScheduledTask['run']): void {
    this.tasks.push({ at: moment.getTime(), order: this.nextOrder++, run });
    this.tasks.sort((left, right) => left.at - right.at || left.order - right.order);
  }

  get pending(): number {
    return this.tasks.length;
  }

  /** Carry out every task due by now, including tasks those tasks schedule for no later than now. */
  async runDue(): Promise<void> {
    // One run at a time: concurrent requests wait for the same run instead of racing through the queue.
    while (this.running) await this.running;
    this.running = this.drain();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private async drain(): Promise<void> {
    const now = this.now().getTime();
    for (;;) {
      const first = this.tasks[0];
      if (!first || first.at > now) return;
      this.tasks.shift();
      await first.run();
    }
  }

  /** Drive the queue from a real-time timer; returns a stop function. */
  startTimer(intervalMs: number): () => void {
    const timer = setInterval(() => {
      void this.runDue();
    }, intervalMs);
    (timer as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  }
}
