import type { SameAccountMoveV1 } from '../../core/index.js';
import type { StnConnectionConfig } from './stn-connection-config.js';

/**
 * Two sTN connections are one account's two environments when they reach the same Partner API with the same key
 * and customer number and each names its own provider environment: a line moves between them with
 * MoveEnvironmentSubscription (our `change_plan`), keeping its sTN subscription, SIM and number. Without an
 * environment on both we cannot tell which the line is in, so a migration takes the port-in path.
 */
export function stnSameAccountMove(source: StnConnectionConfig, target: StnConnectionConfig): SameAccountMoveV1 | null {
  if (!source.providerEnvironment || !target.providerEnvironment) return null;
  if (source.providerEnvironment === target.providerEnvironment) return null;
  const sameAccount =
    new URL(source.baseUrl).href === new URL(target.baseUrl).href &&
    source.apiKey === target.apiKey &&
    (source.stnCustomerId ?? null) === (target.stnCustomerId ?? null);
  return sameAccount ? { kind: 'change_plan', plan: target.providerEnvironment } : null;
}
