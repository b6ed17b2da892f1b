/**
 * Thrown inside a transaction when a conditional write found another version than it read: the transaction rolls
 * back and its caller starts again from a fresh read (applyOperationOutcome's loop).
 */
export class ConcurrentWrite extends Error {}
