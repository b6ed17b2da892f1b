import type { TickReport } from '../../core/index.js';
import type { Gateway } from '../compose-gateway.js';

export interface RoundReport extends TickReport {
  ticks: number;
  webhooks: { delivered: number; failed: number; retried: number };
}

/**
 * One round of background work in an invocation that ends soon after: engine ticks until one claims nothing (or the
 * time budget is spent, so a backlog cannot hold the invocation past its limit), then the due webhook deliveries.
 * What is left waits for the next alarm or cron.
 */
export async function runEngineRound(gateway: Pick<Gateway, 'engine' | 'webhooks'>, budgetMs: number) {
  const started = Date.now();
  const total: RoundReport = {
    ticks: 0,
    claimed: 0,
    submitted: 0,
    polled: 0,
    finished: 0,
    retried: 0,
    webhooks: { delivered: 0, failed: 0, retried: 0 },
  };
  for (;;) {
    const report = await gateway.engine.tick();
    total.ticks += 1;
    total.claimed += report.claimed;
    total.submitted += report.submitted;
    total.polled += report.polled;
    total.finished += report.finished;
    total.retried += report.retried;
    if (report.claimed === 0 || Date.now() - started >= budgetMs) break;
  }
  total.webhooks = await gateway.webhooks.deliverDue();
  return total;
}
