import { describe, expect, it } from 'vitest';
import {
  CarrierRejectedError,
  CarrierUnavailableError,
  GatewayError,
  toGatewayError,
  ValidationError,
} from '../../src/core/index.js';

describe('error taxonomy', () => {
  it('turns a validation error into problem details with the wrong field', () => {
    const problem = new ValidationError('Invalid request body: /sim/iccid: too short.', [
      { pointer: '/sim/iccid', detail: 'too short' },
    ]).toProblem('urn:request:1');
    expect(problem).toEqual({
      type: 'https://mvno-gateway.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'Invalid request body: /sim/iccid: too short.',
      code: 'validation_failed',
      instance: 'urn:request:1',
      errors: [{ pointer: '/sim/iccid', detail: 'too short' }],
    });
  });

  it("keeps a carrier's own words next to our mapping", () => {
    const problem = new CarrierRejectedError('sTN refused the SIM swap: SIM card is not free.', {
      id: 'stn',
      code: 'BadRequest',
      message: 'SIM card is not free',
      httpStatus: 400,
    }).toProblem();
    expect(problem.status).toBe(422);
    expect(problem.carrier).toEqual({
      id: 'stn',
      code: 'BadRequest',
      message: 'SIM card is not free',
      httpStatus: 400,
    });
  });

  it('marks carrier unavailability as retryable and says whether the request may have arrived', () => {
    const error = new CarrierUnavailableError('timeout', { id: 'sps' }, { requestMayHaveArrived: true });
    expect(error.isRetryable).toBe(true);
    expect(error.requestMayHaveArrived).toBe(true);
    expect(CarrierUnavailableError.isInstance(error)).toBe(true);
    expect(CarrierUnavailableError.isInstance(new ValidationError('x'))).toBe(false);
    expect(ValidationError.isInstance(error)).toBe(false);
    expect(GatewayError.isInstance(error)).toBe(true);
  });

  it('recognises its errors across duplicate module copies, and hides unknown errors', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('mvno-gateway.error')]: true });
    expect(GatewayError.isInstance(foreign)).toBe(true);
    const internal = toGatewayError(new Error('secret connection string postgres://u:p@h'));
    expect(internal.code).toBe('internal');
    expect(internal.toProblem().detail).not.toContain('postgres://');
  });
});
