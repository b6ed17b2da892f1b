/**
 * Runs `work` every `intervalMs`, never two at once; `wake()` runs it again as soon as the current run ends
 * (a carrier callback arrived, so there is work now rather than at the next interval).
 */
export interface BackgroundLoop {
  wake(): void;
  stop(): Promise<void>;
}

export function startBackgroundLoop(
  work: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): BackgroundLoop {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await work();
        } catch (error) {
          onError(error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  const timer = setInterval(run, intervalMs);
  timer.unref?.();
  run();
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
