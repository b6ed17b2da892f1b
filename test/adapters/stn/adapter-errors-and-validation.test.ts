import { describe, expect, it } from 'vitest';
import { createStnAdapter } from '../../../src/adapters/stn/index.js';
import { toCarrierRejection } from '../../../src/adapters/stn/stn-error-mapping.js';
import {
  CarrierRejectedError,
  CarrierUnavailableError,
  UnsupportedByCarrierError,
  ValidationError,
} from '../../../src/core/index.js';
import { activeLine, createHarness, submitRequest } from './stn-test-harness.js';

describe('sTN adapter: carrier answers become core errors', () => {
  it('an sTN rejection reaches the caller as CarrierRejectedError with sTN’s code and message and our field pointer', async () => {
    const harness = createHarness();
    // validate() would stop this; submit it anyway to see how sTN's own answer is mapped.
    const request = submitRequest(
      'activate',
      { sim: { type: 'esim', confirmationCode: 'ABC' } },
      { status: 'pending' },
    );
    const error = await harness.adapter.submit(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect(error).toMatchObject({
      code: 'carrier_rejected',
      carrier: {
        id: 'stn',
        code: 'BadRequest',
        message: 'Email address is required when activating an eSim',
        httpStatus: 400,
      },
      errors: [{ pointer: '/sim/deliveryEmail', detail: 'Email address is required when activating an eSim' }],
    });
  });

  it('a state-rule refusal (resume an active line) is a CarrierRejectedError, not an exception string', async () => {
    const harness = createHarness();
    const line = activeLine(harness);
    const error = await harness.adapter
      .submit(submitRequest('resume', {}, { carrierSubscriptionId: line.carrierSubscriptionId }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect((error as CarrierRejectedError).toProblem()).toMatchObject({
      status: 422,
      code: 'carrier_rejected',
      carrier: { code: 'BadRequest' },
    });
  });

  it('maps MaximumLength field errors to pointers in our request', async () => {
    const harness = createHarness();
    const [iccid] = harness.simulator.listFreeSims();
    const request = submitRequest('port_in', {
      sim: { type: 'physical', iccid },
      portIn: { msisdn: '+31687654321', donorAccountNumber: 'D', note: 'n'.repeat(164) },
    });
    // sTN takes 164 characters of note on the Cancel* operations; a stricter limit answers the documented format.
    const direct = await harness.stn('POST', '/api/InPortSubscription', {
      phoneNumber: '0687654321',
      donorCustomerNumber: 'D',
      note: 'n'.repeat(165),
    });
    expect(direct.body.responseStatus.errors[0].fieldName).toBe('note');
    const rejection = toCarrierRejection('InPortSubscription', 'port_in', 400, direct.body);
    expect(rejection.errors).toEqual([{ pointer: '/portIn/note', detail: direct.body.responseStatus.message }]);
    expect(rejection.carrier).toMatchObject({ code: 'MaximumLength', httpStatus: 400 });
    expect((await harness.adapter.submit(request)).update.state).toBe('in_progress');
  });

  it.each([
    ['a 500', { errorRate: 1 }, true],
    ['malformed JSON', { malformedRate: 1 }, true],
  ] as const)(
    '%s on a write is CarrierUnavailableError that may have arrived',
    async (_name, faults, mayHaveArrived) => {
      const harness = createHarness({ faults });
      const line = activeLine(harness);
      const error = await harness.adapter
        .submit(submitRequest('suspend', {}, { carrierSubscriptionId: line.carrierSubscriptionId }))
        .catch((caught: unknown) => caught);
      expect(CarrierUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ requestMayHaveArrived: mayHaveArrived, isRetryable: true });
    },
  );

  it('a read that fails is CarrierUnavailableError that did not change anything', async () => {
    const harness = createHarness({ faults: { malformedRate: 1 } });
    const error = await harness.adapter
      .poll([{ operationId: 'op_1', kind: 'suspend', carrierReference: 'x' }])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'carrier_unavailable', requestMayHaveArrived: false });
  });

  it('a refused connection means the request did not arrive', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const adapter = createStnAdapter(
      { baseUrl: 'https://stn.example.test', apiKey: 'k' },
      { fetch: () => Promise.reject(refused), now: () => new Date(), timeoutMs: 1000 },
    );
    const error = await adapter
      .submit(submitRequest('suspend', {}, { carrierSubscriptionId: 'AAAAAAAAAAAAAAAAA' }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'carrier_unavailable', requestMayHaveArrived: false });
  });

  it('sends the API key from the connection on every request, to the configured base URL', async () => {
    const seen: Request[] = [];
    const adapter = createStnAdapter(
      { baseUrl: 'https://partner.stn.example/', apiKey: 'secret-key' },
      {
        fetch: async (input, init) => {
          seen.push(new Request(input, init));
          return Response.json({ offset: 0, total: 0, results: [], meta: {} });
        },
        now: () => new Date(),
        timeoutMs: 1000,
      },
    );
    await adapter.poll([{ operationId: 'op_1', kind: 'suspend', carrierReference: 'abc' }]);
    expect(seen[0]?.url).toBe('https://partner.stn.example/api/QueryActivation?IdIn=abc&take=1');
    expect(seen[0]?.headers.get('stn-api-key')).toBe('secret-key');
  });
});

describe('sTN adapter: validate', () => {
  const { adapter } = createHarness();

  it('requires the e-mail address and confirmation code for an eSIM, pointing at our fields', () => {
    const attempt = () => adapter.validate('activate', { sim: { type: 'esim' } });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).errors?.map((item) => item.pointer)).toEqual([
        '/sim/deliveryEmail',
        '/sim/confirmationCode',
      ]);
    }
  });

  it('accepts only sTN provider environments as plan', () => {
    expect(() => adapter.validate('change_plan', { plan: 'GOLD' })).toThrow(ValidationError);
    expect(adapter.validate('change_plan', { plan: 'SP16002' })).toEqual({ warnings: [] });
  });

  it('validates carrierOptions.stn strictly', () => {
    const base = { sim: { type: 'physical', iccid: '8931080040000000072' } };
    expect(
      adapter.validate('activate', {
        ...base,
        carrierOptions: { stn: { subscriptionType: 'DATAONLY', accessType: 'MOBILEPAY' } },
      }),
    ).toEqual({ warnings: [] });
    expect(() =>
      adapter.validate('activate', { ...base, carrierOptions: { stn: { subscriptionType: 'VOICE' } } }),
    ).toThrow(ValidationError);
    expect(() => adapter.validate('activate', { ...base, carrierOptions: { stn: { colour: 'red' } } })).toThrow(
      ValidationError,
    );
  });

  it('refuses kinds sTN has no operation for', () => {
    expect(() => adapter.validate('reactivate', {})).toThrow(UnsupportedByCarrierError);
    expect(() => adapter.validate('change_number', {})).toThrow(UnsupportedByCarrierError);
  });

  it('needs a Dutch mobile number and the donor customer number to port in, and warns about fields sTN ignores', () => {
    const sim = { type: 'physical', iccid: '8931080040000000072' };
    expect(() =>
      adapter.validate('port_in', { sim, portIn: { msisdn: '+14155550100', donorAccountNumber: 'D' } }),
    ).toThrow(ValidationError);
    expect(() => adapter.validate('port_in', { sim, portIn: { msisdn: '+31612345678' } })).toThrow(ValidationError);
    const { warnings } = adapter.validate('port_in', {
      sim,
      imei: '490154203237518',
      portIn: { msisdn: '+31612345678', donorAccountNumber: 'D', donorAccountPin: '1234' },
    });
    expect(warnings).toHaveLength(2);
    expect(adapter.validate('suspend', { reason: 'lost' }).warnings).toHaveLength(1);
  });
});
