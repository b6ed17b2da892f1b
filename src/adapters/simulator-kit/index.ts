/**
 * `mvno-gateway/simulator-kit`: the parts every carrier simulator shares — a request ledger, fault injection, a
 * scheduler for due work on the simulator's clock, and the `/_sim/*` control routes. Built on hono.
 */
export { simulatorControlRoutes } from './control-routes.js';
export {
  createFaultControl,
  type FaultConfig,
  type FaultControl,
  faultConfigSchema,
  faultMiddleware,
  noFaults,
} from './faults.js';
export { type LedgerEntry, ledgerMiddleware, RequestLedger } from './ledger.js';
export { type ScheduledTask, TaskScheduler } from './scheduler.js';
