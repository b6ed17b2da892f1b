import { describe, expect, it } from 'vitest';
import { createGatewayClient, GatewayProblemError, OperationTimeoutError } from '../../src/client/index.js';
import { operationPending, operationSucceeded, problemExamples } from '../../src/openapi-examples/index.js';

/** waitForOperation against a scripted gateway: the answers it polls, and when it polled them. */
function scriptedGateway(answers: Array<{ status: number; body: unknown }>) {
  const polls: number[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const request = input as Request;
    expect(request.headers.get('authorization')).toBe('Bearer sk_test_key_0123456789');
    polls.push(Date.now());
    const answer = answers[Math.min(polls.length - 1, answers.length - 1)]!;
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  const gateway = createGatewayClient({ baseUrl: 'http://gateway.test', apiKey: 'sk_test_key_0123456789', fetch });
  return { gateway, polls };
}

describe('waitForOperation', () => {
  it('polls with growing pauses until the operation has finished, and returns it', async () => {
    const pending = { status: 200, body: operationPending };
    const { gateway, polls } = scriptedGateway([pending, pending, pending, { status: 200, body: operationSucceeded }]);
    const operation = await gateway.waitForOperation(operationPending.id, { intervalMs: 40 });
    expect(operation.status).toBe('succeeded');
    expect(polls).toHaveLength(4);
    const pauses = polls.slice(1).map((at, index) => at - polls[index]!);
    // 40, 60, 90 ms: a timer never fires early, so the third pause is at least 90 ms only with backoff.
    expect(pauses[2]!).toBeGreaterThanOrEqual(88);
  });

  it('gives up after timeoutMs with the operation as it was', async () => {
    const { gateway } = scriptedGateway([{ status: 200, body: operationPending }]);
    const waiting = gateway.waitForOperation(operationPending.id, { timeoutMs: 120, intervalMs: 20 });
    await expect(waiting).rejects.toBeInstanceOf(OperationTimeoutError);
    await expect(waiting).rejects.toMatchObject({ operation: { status: 'pending' } });
  });

  it('throws a problem answer as a typed GatewayProblemError', async () => {
    const { gateway } = scriptedGateway([{ status: 404, body: problemExamples.not_found.value }]);
    const error = await gateway.waitForOperation('op_unknown').catch((caught: unknown) => caught);
    expect(GatewayProblemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
  });
});
