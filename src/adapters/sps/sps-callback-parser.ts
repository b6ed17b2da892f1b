import type { CarrierStatusUpdate } from '../../core/adapter.js';
import { UnauthorisedError, ValidationError } from '../../core/errors.js';
import { isValidSpsSignature, spsSignatureHeader, spsTimestampHeader } from './callback-signature.js';
import type { SpsReplayStore } from './sps-replay-guard.js';
import { spsTransactionSchema, spsTransactionToUpdate } from './sps-status-mapping.js';

/**
 * Authenticates an SPS callback before reading anything in it: a fresh timestamp, a valid HMAC over timestamp and
 * raw body, and a signature not seen before. Only then is the body parsed into status updates.
 */
export interface SpsCallbackVerification {
  secret: string;
  toleranceSeconds: number;
  now: () => Date;
  replayStore: SpsReplayStore;
}

export async function parseSpsCallback(
  request: Request,
  verification: SpsCallbackVerification,
): Promise<CarrierStatusUpdate[]> {
  const timestampText = request.headers.get(spsTimestampHeader) ?? '';
  const signature = request.headers.get(spsSignatureHeader) ?? '';
  if (!/^[0-9]{1,12}$/.test(timestampText) || !/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw new UnauthorisedError(`An SPS callback needs ${spsTimestampHeader} and ${spsSignatureHeader} headers.`);
  }
  const timestamp = Number(timestampText);
  const nowMs = verification.now().getTime();
  if (Math.abs(nowMs / 1000 - timestamp) > verification.toleranceSeconds) {
    throw new UnauthorisedError('The SPS callback timestamp is outside the accepted window.');
  }
  const rawBody = await request.text();
  if (!(await isValidSpsSignature(verification.secret, timestamp, rawBody, signature))) {
    throw new UnauthorisedError('The SPS callback signature does not match.');
  }
  const expiresAtMs = (timestamp + verification.toleranceSeconds) * 1000;
  if (!(await verification.replayStore.rememberOnce(signature.toLowerCase(), expiresAtMs, nowMs))) {
    throw new UnauthorisedError('This SPS callback was already received.');
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ValidationError('The SPS callback body is not JSON.', [{ pointer: '', detail: 'not JSON' }]);
  }
  const transaction = spsTransactionSchema.safeParse(json);
  if (!transaction.success) {
    throw new ValidationError(
      'The SPS callback body is not a transaction notification.',
      transaction.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, detail: issue.message })),
    );
  }
  return [spsTransactionToUpdate(transaction.data)];
}
