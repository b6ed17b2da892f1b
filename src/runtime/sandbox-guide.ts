import type { SandboxCarrier } from './sandbox-carriers.js';

/**
 * GET /sandbox: what a newcomer needs to use the sandbox without reading its source — each simulated carrier's
 * free stock, the connection config that points a new tenant (PUT /v1/tenants/{id}/carrier-connections/{name}) at
 * the same simulator, and what the plugin adds (plans, a request that works as it stands). The credentials are the
 * simulators' own: they protect nothing, the simulators run inside this process.
 */
export function sandboxGuide(carriers: readonly SandboxCarrier[]) {
  return {
    apiKey: 'The sandbox tenant’s key is SANDBOX_API_KEY (sk_sandbox_mvno_gateway unless set).',
    note:
      'Simulator state lives in memory: a restart refills the stock and forgets the lines. The simulators run ' +
      'inside this process, so their credentials below protect nothing.',
    carriers: carriers.map(({ plugin, simulator, baseUrl }) => {
      const free = simulator.freeSims?.() ?? [];
      const sandbox = plugin.sandbox;
      return {
        name: plugin.id,
        displayName: `${plugin.displayName} (simulated)`,
        freeSims: { count: free.length, iccids: free.slice(0, 10) },
        ...sandbox?.guide?.(simulator, { connectionName: plugin.id }),
        connection: { carrier: plugin.id, config: sandbox?.connectionConfig({ baseUrl }) },
      };
    }),
  };
}
