import type { components } from './generated/gateway-api.js';

export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

const marker = Symbol.for('mvno-gateway.client.problem-error');

/**
 * A problem+json answer as an Error: `code` is the stable machine-readable code to switch on, `problem` the whole
 * RFC 9457 body (field errors in `problem.errors`, the carrier's own words in `problem.carrier`). `isInstance`
 * survives two copies of the SDK in one program, where `instanceof` does not.
 */
export class GatewayProblemError extends Error {
  override name = 'GatewayProblemError';
  readonly [marker] = true;
  readonly status: number;
  readonly code: ProblemCode;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
  }

  static isInstance(value: unknown): value is GatewayProblemError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** A response that was not problem+json at all (a proxy's HTML page, a network error body). */
function asProblem(error: unknown, response: Response): Problem {
  if (typeof error === 'object' && error !== null && typeof (error as Problem).code === 'string') {
    return error as Problem;
  }
  return {
    type: 'about:blank',
    title: `HTTP ${response.status}`,
    status: response.status,
    code: 'internal',
    detail: typeof error === 'string' ? error.slice(0, 200) : undefined,
  };
}

/**
 * `await unwrap(gateway.POST(…))`: the data of a success, or a thrown GatewayProblemError. For callers who prefer
 * exceptions to openapi-fetch's `{ data, error }`.
 */
export async function unwrap<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok) throw new GatewayProblemError(asProblem(error, response));
  return data as Data;
}
