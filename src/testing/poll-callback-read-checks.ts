import { describe, expect, it } from 'vitest';
import { GatewayError, type OperationKind, type ReadKind } from '../core/index.js';
import type { CarrierConformanceOptions } from './conformance-types.js';
import { newLineSubmission } from './fault-checks.js';
import { describeOutcome, e164, iccidPattern, withGateway } from './kind-checks.js';
import { validRequest } from './line-paths.js';

/** At most this many real requests are created for the batch check; the rest of a full batch are unknown references. */
const knownInBatch = 3;

function creatingKind(declared: readonly OperationKind[]): OperationKind | undefined {
  return declared.includes('activate') ? 'activate' : declared.includes('port_in') ? 'port_in' : undefined;
}

/** Polling in batches, pushed results and the optional reads: each only where declared. */
export function describePollCallbackAndReadChecks<Config>(options: CarrierConformanceOptions<Config>): void {
  const { plugin } = options;
  const { batchPolling, callbacks, reads, operations } = plugin.capabilities;
  const creating = creatingKind(operations);

  describe('polling', () => {
    it.skipIf(batchPolling === false || !creating)(
      'poll: a full batch of maxBatchSize references is one carrier request, answered for every known one',
      async () => {
        const kind = creating as OperationKind;
        const size = batchPolling === false ? 1 : batchPolling.maxBatchSize;
        await withGateway(options, async (gateway) => {
          const references = [];
          for (let index = 0; index < Math.min(knownInBatch, size); index++) {
            const submission = newLineSubmission(kind, await validRequest(options.fixtures, gateway, kind, null));
            const submitted = await gateway.adapter.submit(submission);
            references.push({
              operationId: submission.operation.id,
              kind,
              carrierReference: submitted.carrierReference,
            });
          }
          const known = references.map((reference) => reference.carrierReference);
          for (let index = references.length; index < size; index++) {
            references.push({
              operationId: `op_unknown_${index}`,
              kind,
              carrierReference: `UNKNOWN${String(index).padStart(8, '0')}`,
            });
          }
          const before = gateway.simulator.ledger.entries().length;
          const updates = await gateway.adapter.poll(references);
          const requests = gateway.simulator.ledger.entries().length - before;
          expect(
            requests,
            `poll · batch of ${size}: expected one carrier request (batchPolling.maxBatchSize ${size})`,
          ).toBe(1);
          const answered = updates.map((update) => update.carrierReference);
          expect(answered, `poll · batch of ${size}: expected an answer for every known reference`).toEqual(
            expect.arrayContaining(known),
          );
        });
      },
    );

    it.skipIf(!creating)('poll([]) answers [] without a carrier request', async () => {
      await withGateway(options, async (gateway) => {
        const before = gateway.simulator.ledger.entries().length;
        const updates = await gateway.adapter.poll([]);
        expect(updates, 'poll · empty batch: expected []').toEqual([]);
        expect(gateway.simulator.ledger.entries().length, 'poll · empty batch: expected no carrier request').toBe(
          before,
        );
      });
    });
  });

  describe('callbacks', () => {
    it.skipIf(!callbacks || !creating)(
      `${creating} · callbacks: a forged one is refused, the genuine one applied once, its replay applies nothing`,
      async () => {
        const kind = creating as OperationKind;
        await withGateway(options, async (gateway) => {
          const operation = await gateway.request(kind, await validRequest(options.fixtures, gateway, kind, null));
          await gateway.submitted(operation.id);
          let held: Request[] = [];
          for (let step = 0; step < (options.fixtures.maxSteps ?? 60) && held.length === 0; step++) {
            // The simulator runs, but the kit keeps its callbacks instead of delivering them.
            await gateway.step({ hold: true });
            held = gateway.heldCallbacks.splice(0);
          }
          expect(
            held.length,
            `${kind} · callbacks: expected the simulator to send at least one callback`,
          ).toBeGreaterThan(0);
          const genuine = held[held.length - 1] as Request;
          const body = await genuine.clone().text();
          let forgedBody = `${body} `;
          try {
            forgedBody = JSON.stringify({ ...JSON.parse(body), conformanceForged: true });
          } catch {
            // Not JSON: a trailing space still changes what was signed.
          }
          const forged = new Request(genuine.url, {
            method: genuine.method,
            headers: genuine.headers,
            body: forgedBody,
          });
          const refusal = await gateway.engine.receiveCallback('cc_conformance', plugin.id, forged).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(
            GatewayError.isInstance(refusal) ? refusal.code : String(refusal),
            `${kind} · callbacks: expected a forged callback (body changed after signing) refused as unauthorised`,
          ).toBe('unauthorised');
          const replay = genuine.clone();
          for (const callback of held) {
            await gateway.engine.receiveCallback('cc_conformance', plugin.id, callback);
          }
          const done = await gateway.operation(operation.id);
          const outcome = await gateway.engine.receiveCallback('cc_conformance', plugin.id, replay).then(
            (applied) => applied,
            (error: unknown) => error,
          );
          const replayApplied = typeof outcome === 'number' ? outcome : 0;
          expect(replayApplied, `${kind} · callbacks: expected a replayed callback to apply nothing`).toBe(0);
          const after = await gateway.operation(operation.id);
          expect(after.version, `${kind} · callbacks: expected a replay to leave the operation unchanged`).toBe(
            done.version,
          );
          const settled = await gateway.settle(operation.id);
          expect(settled.status, `${kind} · callbacks: expected succeeded, got ${describeOutcome(settled)}`).toBe(
            'succeeded',
          );
        });
      },
    );
  });

  describe('reads', () => {
    const readKinds: ReadKind[] = ['subscription', 'sim_cards', 'usage', 'cdrs', 'invoices'];
    for (const read of readKinds) {
      it.skipIf(!reads.includes(read) || !creating)(
        `read ${read}: answers in the canonical shape for an active line`,
        async () => {
          const kind = creating as OperationKind;
          await withGateway(options, async (gateway) => {
            const operation = await gateway.request(kind, await validRequest(options.fixtures, gateway, kind, null));
            const done = await gateway.settle(operation.id);
            expect(
              done.status,
              `read ${read} · setup: expected the ${kind} to succeed, got ${describeOutcome(done)}`,
            ).toBe('succeeded');
            const subscription = await gateway.subscription(done.subscriptionId);
            const line = {
              carrierSubscriptionId: subscription.carrierSubscriptionId,
              msisdn: subscription.msisdn,
              iccid: subscription.iccid,
            };
            const { adapter } = gateway;
            const period = gateway.now().toISOString().slice(0, 7);
            if (read === 'subscription') {
              const view = await adapter.getSubscription!(line);
              expect(view.msisdn, 'read subscription · msisdn: expected the line’s E.164 number').toBe(
                subscription.msisdn,
              );
              expect(view.msisdn ?? '', 'read subscription · msisdn: expected E.164').toMatch(e164);
              expect(view.status, 'read subscription · status: expected active').toBe('active');
            } else if (read === 'sim_cards') {
              const page = await adapter.listSimCards!({ limit: 5 });
              expect(
                page.items.length,
                'read sim_cards · items: expected at least one SIM, at most the limit 5',
              ).toBeGreaterThan(0);
              expect(page.items.length, 'read sim_cards · items: expected at most the limit 5').toBeLessThanOrEqual(5);
              for (const card of page.items)
                expect(card.iccid, 'read sim_cards · iccid: expected 18–22 digits').toMatch(iccidPattern);
            } else if (read === 'usage') {
              const usage = await adapter.getUsage!(line, { period });
              expect(Array.isArray(usage), 'read usage: expected an array of usage records').toBe(true);
            } else if (read === 'cdrs') {
              const page = await adapter.listCdrs!(line, { period, limit: 5 });
              expect(Array.isArray(page.items), 'read cdrs: expected a page with items').toBe(true);
            } else {
              const page = await adapter.listInvoices!({ limit: 5 });
              expect(Array.isArray(page.items), 'read invoices: expected a page with items').toBe(true);
            }
          });
        },
      );
    }
  });
}
