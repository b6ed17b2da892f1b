import { describe, expect, it } from 'vitest';
import {
  type CarrierAdapterV1,
  canonicalServiceNames,
  operationKinds,
  type ReadKind,
  subscriptionStatuses,
} from '../../src/core/index.js';
import type { ConformanceFixture } from './conformance-fixture.js';

/** The adapter method each optional read needs; the core calls a read only where it is declared. */
const readMethods: Record<ReadKind, keyof CarrierAdapterV1> = {
  subscription: 'getSubscription',
  sim_cards: 'listSimCards',
  usage: 'getUsage',
  cdrs: 'listCdrs',
  invoices: 'listInvoices',
};

/** Field names of an object schema (zod 4 exposes them as `shape`); undefined when the schema is not an object. */
function fieldNamesOf(schema: unknown): string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}

/** What a plugin says about itself, checked without calling the carrier: the core trusts these declarations. */
export function describeDeclarationChecks<Config>(fixture: ConformanceFixture<Config>): void {
  const { plugin } = fixture;
  const capabilities = plugin.capabilities;

  describe('declaration', () => {
    it('declares spec v1, and its adapters carry the plugin id and the same capabilities', async () => {
      const { adapter } = await fixture.setup();
      expect(plugin.specVersion).toBe('v1');
      expect(adapter.specVersion).toBe('v1');
      expect(adapter.id).toBe(plugin.id);
      expect(adapter.capabilities).toEqual(plugin.capabilities);
    });

    it('declares only canonical services and operation kinds the core knows', () => {
      expect(canonicalServiceNames).toEqual(expect.arrayContaining([...capabilities.services]));
      expect(operationKinds).toEqual(expect.arrayContaining([...capabilities.operations]));
      // Scheduling a kind the carrier cannot do at all would promise something submit refuses.
      expect(capabilities.operations).toEqual(expect.arrayContaining([...capabilities.scheduling]));
    });

    it('restricts states only for kinds it declares, and only to statuses the core knows', () => {
      for (const [kind, statuses] of Object.entries(capabilities.stateRestrictions ?? {})) {
        expect(capabilities.operations, `stateRestrictions.${kind}`).toContain(kind);
        expect(subscriptionStatuses).toEqual(expect.arrayContaining([...(statuses ?? [])]));
      }
    });

    it('implements exactly the reads it declares', async () => {
      const { adapter } = await fixture.setup();
      for (const [read, method] of Object.entries(readMethods)) {
        const declared = capabilities.reads.includes(read as ReadKind);
        expect(typeof adapter[method] === 'function', `read ${read} (${method})`).toBe(declared);
      }
    });

    it('implements parseCallback if and only if it declares callbacks', async () => {
      const carrier = await fixture.setup();
      expect(typeof carrier.adapter.parseCallback === 'function').toBe(capabilities.callbacks);
      // The suite can only check callbacks if the fixture hands them over.
      expect(typeof carrier.takeSentCallbacks === 'function', 'fixture takeSentCallbacks').toBe(capabilities.callbacks);
    });

    it('declares a whole batch size of at least 1 when it polls in batches', ({ skip }) => {
      if (capabilities.batchPolling === false) return skip('carrier polls one reference per call');
      expect(Number.isInteger(capabilities.batchPolling.maxBatchSize)).toBe(true);
      expect(capabilities.batchPolling.maxBatchSize).toBeGreaterThanOrEqual(1);
    });
  });

  describe('connection configuration', () => {
    it('refuses an empty connection config and accepts the fixture’s', () => {
      expect(plugin.connectionConfigSchema.safeParse({}).success).toBe(false);
      expect(plugin.connectionConfigSchema.safeParse(fixture.connectionConfig).error).toBeUndefined();
    });

    it('names only fields of its config schema as secrets', () => {
      const fields = fieldNamesOf(plugin.connectionConfigSchema);
      expect(fields, 'connectionConfigSchema should be an object schema').toBeDefined();
      expect(fields).toEqual(expect.arrayContaining([...plugin.secretConfigFields]));
    });
  });
}
