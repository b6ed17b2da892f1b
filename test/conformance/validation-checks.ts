import { describe, expect, it } from 'vitest';
import { type ServiceDefinition, servicesCatalogue } from '../../src/core/index.js';
import type { ConformanceFixture } from './conformance-fixture.js';
import { errorFrom, expectCoreError } from './conformance-helpers.js';

/** A value the canonical schema accepts for `service`, so only the carrier's support is in question. */
function validValueOf(service: ServiceDefinition): unknown {
  return service.kind === 'boolean' ? true : service.values.find((value) => value !== null);
}

/** `validate` runs before anything is stored: what it lets through, the carrier must be able to take. */
export function describeValidationChecks<Config>(fixture: ConformanceFixture<Config>): void {
  const { id, capabilities } = fixture.plugin;

  describe('validate', () => {
    it('accepts the valid activation and the failing one (the carrier, not validate, refuses the latter)', async () => {
      const carrier = await fixture.setup();
      expect(carrier.adapter.validate('activate', carrier.validActivation())).toMatchObject({
        warnings: expect.any(Array),
      });
      expect(() => carrier.adapter.validate('activate', carrier.failingActivation().request)).not.toThrow();
    });

    it(`refuses an unknown carrierOptions.${id} field with a ValidationError pointing into /carrierOptions/${id}`, async () => {
      const carrier = await fixture.setup();
      const request = carrier.validActivation();
      const carrierOptions = (request.carrierOptions ?? {}) as Record<string, Record<string, unknown>>;
      const withUnknownOption = {
        ...request,
        carrierOptions: { ...carrierOptions, [id]: { ...carrierOptions[id], conformanceUnknownOption: true } },
      };
      const error = expectCoreError(
        await errorFrom(() => carrier.adapter.validate('activate', withUnknownOption)),
        'validation_failed',
      );
      expect(error.errors?.length, 'field errors').toBeGreaterThan(0);
      // The rest of the request is valid, so every complaint must be about the carrier options.
      for (const fieldError of error.errors ?? []) {
        expect(fieldError.pointer).toMatch(new RegExp(`^/carrierOptions/${id}(/|$)`));
      }
    });

    it('refuses a canonical service outside its capabilities with a core unsupported_by_carrier error', async ({
      skip,
    }) => {
      const unsupported = servicesCatalogue.find((service) => !capabilities.services.includes(service.name));
      if (!unsupported) return skip('carrier supports every canonical service');
      const carrier = await fixture.setup();
      const request = { ...carrier.validActivation(), services: { [unsupported.name]: validValueOf(unsupported) } };
      expectCoreError(await errorFrom(() => carrier.adapter.validate('activate', request)), 'unsupported_by_carrier');
    });
  });
}
