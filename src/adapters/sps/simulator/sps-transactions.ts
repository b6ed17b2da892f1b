import type { TaskScheduler } from '../../simulator-kit/scheduler.js';
import type {
  SpsEsimProfile,
  SpsSubscriptionProduct,
  SpsTransactionState,
  SpsTransactionStatus,
  SpsTransactionType,
} from '../sps-api-types.js';
import type { SimulatedLine } from './sps-simulator-state.js';

/**
 * SPS's asynchronous transactions: acknowledged at once (Received), InProgress halfway through `delayMs`, and
 * carried out — rules checked, state changed — when `delayMs` has passed, ending in Success or Failure. A refusal
 * by the lifecycle rules is therefore a failed transaction, not an HTTP error, as on the real platform.
 */
export type TransactionOutcome =
  | { ok: true; line: SimulatedLine; esim?: SpsEsimProfile }
  | { ok: false; code: string; message: string };

export interface TransactionSubject {
  subscriberId?: string;
  gpsi?: string;
  iccid?: string;
  eid?: string;
  pei?: string;
  wholesalePlanId?: string;
  /** The line's products once the transaction ran. */
  products?: SpsSubscriptionProduct[];
}

export interface SimulatedTransaction {
  partnerTransactionId: string;
  transactionType: SpsTransactionType;
  action?: string;
  status: SpsTransactionState;
  statusDescription: string;
  wholesaleCustomerId?: string;
  /** The X-Correlation-Id of the request that started it, echoed on the callback. */
  correlationId: string;
  subject: TransactionSubject;
  esim?: SpsEsimProfile;
  errors: Array<{ code: string; message: string }>;
  createdDate: string;
  lastUpdatedDate: string;
}

export interface AcceptedTransaction {
  partnerTransactionId: string;
  transactionType: SpsTransactionType;
  action?: string;
  wholesaleCustomerId?: string;
  correlationId: string;
  subject: TransactionSubject;
  run: () => TransactionOutcome;
}

export function transactionStatusBody(transaction: SimulatedTransaction): SpsTransactionStatus {
  const { subject } = transaction;
  return {
    partnerTransactionId: transaction.partnerTransactionId,
    transactionType: transaction.transactionType,
    ...(transaction.action ? { action: transaction.action } : {}),
    status: transaction.status,
    statusDescription: transaction.statusDescription,
    ...(transaction.wholesaleCustomerId ? { wholesaleCustomerId: transaction.wholesaleCustomerId } : {}),
    ...(subject.subscriberId ? { subscriberId: subject.subscriberId } : {}),
    ...(subject.gpsi ? { gpsi: subject.gpsi } : {}),
    ...(subject.iccid ? { iccid: subject.iccid } : {}),
    ...(subject.eid ? { eid: subject.eid } : {}),
    ...(subject.pei ? { pei: subject.pei } : {}),
    ...(subject.wholesalePlanId ? { wholesalePlanId: subject.wholesalePlanId } : {}),
    ...(subject.products ? { products: subject.products } : {}),
    ...(transaction.esim ? { esim: transaction.esim } : {}),
    createdDate: transaction.createdDate,
    lastUpdatedDate: transaction.lastUpdatedDate,
    errors: transaction.errors,
  };
}

function subjectOf(line: SimulatedLine): TransactionSubject {
  return {
    subscriberId: line.subscriberId,
    gpsi: line.gpsi,
    iccid: line.iccid,
    ...(line.eid ? { eid: line.eid } : {}),
    ...(line.pei ? { pei: line.pei } : {}),
    wholesalePlanId: line.wholesalePlanId,
    // A copy: later transactions change the line, not what this one reported.
    products: line.products.map((product) => ({ ...product })),
  };
}

export class SpsTransactionBook {
  private readonly transactions = new Map<string, SimulatedTransaction>();

  constructor(
    private readonly dependencies: {
      scheduler: TaskScheduler;
      now: () => Date;
      delayMs: number;
      onCompleted: (transaction: SimulatedTransaction) => void;
    },
  ) {}

  has(partnerTransactionId: string): boolean {
    return this.transactions.has(partnerTransactionId);
  }

  get(partnerTransactionId: string): SimulatedTransaction | undefined {
    return this.transactions.get(partnerTransactionId);
  }

  all(): SimulatedTransaction[] {
    return [...this.transactions.values()];
  }

  accept(accepted: AcceptedTransaction): SimulatedTransaction {
    const at = this.dependencies.now().toISOString();
    const transaction: SimulatedTransaction = {
      partnerTransactionId: accepted.partnerTransactionId,
      transactionType: accepted.transactionType,
      ...(accepted.action ? { action: accepted.action } : {}),
      status: 'Received',
      statusDescription: 'Request received',
      ...(accepted.wholesaleCustomerId ? { wholesaleCustomerId: accepted.wholesaleCustomerId } : {}),
      correlationId: accepted.correlationId,
      subject: accepted.subject,
      errors: [],
      createdDate: at,
      lastUpdatedDate: at,
    };
    this.transactions.set(transaction.partnerTransactionId, transaction);
    const { scheduler, delayMs } = this.dependencies;
    scheduler.after(Math.floor(delayMs / 2), () => {
      transaction.status = 'InProgress';
      transaction.statusDescription = 'Provisioning in progress';
      transaction.lastUpdatedDate = this.dependencies.now().toISOString();
    });
    scheduler.after(delayMs, () => this.complete(transaction, accepted.run));
    return transaction;
  }

  private complete(transaction: SimulatedTransaction, run: () => TransactionOutcome): void {
    const outcome = run();
    transaction.lastUpdatedDate = this.dependencies.now().toISOString();
    if (outcome.ok) {
      transaction.status = 'Success';
      transaction.statusDescription = 'Provisioning completed';
      transaction.subject = subjectOf(outcome.line);
      if (outcome.esim) transaction.esim = outcome.esim;
    } else {
      transaction.status = 'Failure';
      transaction.statusDescription = outcome.message;
      transaction.errors = [{ code: outcome.code, message: outcome.message }];
    }
    this.dependencies.onCompleted(transaction);
  }
}
