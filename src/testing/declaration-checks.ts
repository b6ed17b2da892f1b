import { describe, expect, it } from 'vitest';
import {
  type CarrierAdapterV1,
  canonicalServiceNames,
  GatewayError,
  operationKinds,
  type ReadKind,
  servicesCatalogue,
  subscriptionStatuses,
} from '../core/index.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { withGateway } from './kind-checks.js';
import { validRequest } from './line-paths.js';

const readMethods: Record<ReadKind, keyof CarrierAdapterV1> = {
  subscription: 'getSubscription',
  sim_cards: 'listSimCards',
  usage: 'getUsage',
  cdrs: 'listCdrs',
  invoices: 'listInvoices',
};

function fieldNamesOf(schema: unknown): string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** What a plugin says about itself: the gateway trusts these declarations, so they must be true. */
export function describeDeclarationChecks<Config>(options: CarrierConformanceOptions<Config>): void {
  const { plugin } = options;
  const capabilities = plugin.capabilities;

  describe('declaration', () => {
    it('declares spec v1, and its adapter carries the plugin id and the same capabilities', async () => {
      await withGateway(options, async ({ adapter }) => {
        expect(plugin.specVersion, 'declaration · plugin.specVersion: expected v1').toBe('v1');
        expect(adapter.specVersion, 'declaration · adapter.specVersion: expected v1').toBe('v1');
        expect(adapter.id, 'declaration · adapter.id: expected the plugin id').toBe(plugin.id);
        expect(adapter.capabilities, 'declaration · adapter.capabilities: expected the plugin’s').toEqual(capabilities);
      });
    });

    it('declares only kinds and services the gateway knows, and schedules only declared kinds', () => {
      for (const kind of capabilities.operations) {
        expect(operationKinds, `declaration · operations: expected ${kind} to be a gateway kind`).toContain(kind);
      }
      for (const service of capabilities.services) {
        expect(canonicalServiceNames, `declaration · services: expected ${service} to be canonical`).toContain(service);
      }
      for (const kind of capabilities.scheduling) {
        expect(capabilities.operations, `declaration · scheduling: expected ${kind} to be declared too`).toContain(
          kind,
        );
      }
      for (const [kind, statuses] of Object.entries(capabilities.stateRestrictions ?? {})) {
        expect(
          capabilities.operations,
          `declaration · stateRestrictions.${kind}: expected ${kind} to be declared`,
        ).toContain(kind);
        for (const status of statuses ?? []) {
          expect(
            subscriptionStatuses,
            `declaration · stateRestrictions.${kind}: expected ${status} to be a status`,
          ).toContain(status);
        }
      }
    });

    it('implements exactly the reads it declares, and parseCallback exactly when it declares callbacks', async () => {
      await withGateway(options, async ({ adapter }) => {
        for (const [read, method] of Object.entries(readMethods)) {
          const declared = capabilities.reads.includes(read as ReadKind);
          expect(
            typeof adapter[method] === 'function',
            `declaration · read ${read}: expected ${method} ${declared ? 'implemented' : 'absent'}`,
          ).toBe(declared);
        }
        expect(
          typeof adapter.parseCallback === 'function',
          `declaration · callbacks: expected parseCallback ${capabilities.callbacks ? 'implemented' : 'absent'}`,
        ).toBe(capabilities.callbacks);
      });
    });

    it('declares a whole batch size of at least 1 when it polls in batches', () => {
      if (capabilities.batchPolling === false) return;
      const size = capabilities.batchPolling.maxBatchSize;
      expect(
        Number.isInteger(size) && size >= 1,
        `declaration · batchPolling.maxBatchSize: expected an integer ≥ 1, got ${size}`,
      ).toBe(true);
    });

    it('refuses an empty connection config, accepts the simulator’s, and names only its own fields as secrets', async () => {
      await withGateway(options, async ({ simulator }) => {
        expect(plugin.connectionConfigSchema.safeParse({}).success, 'connection config · {}: expected refused').toBe(
          false,
        );
        const parsed = plugin.connectionConfigSchema.safeParse(simulator.connectionConfig);
        expect(
          parsed.error?.issues[0]?.message,
          'connection config · the simulator’s: expected accepted',
        ).toBeUndefined();
        const fields = fieldNamesOf(plugin.connectionConfigSchema) ?? [];
        for (const secret of plugin.secretConfigFields) {
          expect(
            fields,
            `connection config · secretConfigFields: expected ${secret} to be a field of the schema`,
          ).toContain(secret);
        }
      });
    });
  });

  describe('validate', () => {
    const creating = capabilities.operations.find((kind) => kind === 'activate' || kind === 'port_in');
    it.skipIf(!creating)(
      `refuses an unknown carrierOptions.${plugin.id} field, pointing into /carrierOptions/${plugin.id}`,
      async () => {
        await withGateway(options, async (gateway) => {
          const kind = creating as 'activate' | 'port_in';
          const request = await validRequest(options.fixtures, gateway, kind, null);
          const carrierOptions = (request.carrierOptions ?? {}) as Record<string, Record<string, unknown>>;
          const withUnknown = {
            ...request,
            carrierOptions: {
              ...carrierOptions,
              [plugin.id]: { ...carrierOptions[plugin.id], conformanceUnknownOption: true },
            },
          };
          let error: unknown;
          try {
            gateway.adapter.validate(kind, withUnknown);
          } catch (caught) {
            error = caught;
          }
          expect(
            GatewayError.isInstance(error) ? error.code : String(error),
            `${kind} · validate unknown carrier option: expected validation_failed`,
          ).toBe('validation_failed');
          for (const fieldError of (error as GatewayError).errors ?? []) {
            expect(
              fieldError.pointer,
              `${kind} · validate unknown carrier option: expected the pointer under /carrierOptions/${plugin.id}`,
            ).toMatch(new RegExp(`^/carrierOptions/${plugin.id}(/|$)`));
          }
        });
      },
    );

    const unsupported = servicesCatalogue.find((service) => !capabilities.services.includes(service.name));
    it.skipIf(!creating || !unsupported)(
      'a canonical service outside its capabilities is refused before anything is stored',
      async () => {
        await withGateway(options, async (gateway) => {
          const kind = creating as 'activate' | 'port_in';
          const service = unsupported!;
          const value = service.kind === 'boolean' ? true : service.values.find((candidate) => candidate !== null);
          const request = {
            ...(await validRequest(options.fixtures, gateway, kind, null)),
            services: { [service.name]: value },
          };
          const refusal = await gateway.request(kind, request).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(
            GatewayError.isInstance(refusal) ? refusal.code : String(refusal),
            `${kind} · unsupported service ${service.name}: expected unsupported_by_carrier`,
          ).toBe('unsupported_by_carrier');
        });
      },
    );
  });
}
