import { describe, expect, it } from 'vitest';
import { spsTransactionToUpdate } from '../../../src/adapters/sps/sps-status-mapping.js';

/** SPS transaction status words in our terms; a word the adapter does not know is reported as such, never guessed. */
const transaction = (status: string) => ({ partnerTransactionId: 'op_01', status });

describe('SPS transaction status mapping', () => {
  it('maps the documented words, in any case, and marks none of them unrecognised', () => {
    expect(spsTransactionToUpdate(transaction('Received'))).toEqual({
      operationId: 'op_01',
      carrierReference: 'op_01',
      state: 'in_progress',
      carrierStatus: 'Received',
    });
    expect(spsTransactionToUpdate(transaction('INPROGRESS')).state).toBe('in_progress');
    expect(spsTransactionToUpdate(transaction('Success')).state).toBe('succeeded');
    expect(spsTransactionToUpdate(transaction('failure')).state).toBe('failed');
    expect(spsTransactionToUpdate(transaction('Rejected')).state).toBe('failed');
    for (const word of ['Received', 'InProgress', 'Success', 'Failure', 'Rejected']) {
      expect(spsTransactionToUpdate(transaction(word)).unrecognisedStatus).toBeUndefined();
    }
  });

  it('reports an unknown word as still running and unrecognised, keeping the word', () => {
    expect(spsTransactionToUpdate(transaction('Parked'))).toEqual({
      operationId: 'op_01',
      carrierReference: 'op_01',
      state: 'in_progress',
      carrierStatus: 'Parked',
      unrecognisedStatus: true,
    });
  });

  it('does not take a word that names an object member for a known one', () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(spsTransactionToUpdate(transaction(word))).toMatchObject({
        state: 'in_progress',
        unrecognisedStatus: true,
      });
    }
  });
});
