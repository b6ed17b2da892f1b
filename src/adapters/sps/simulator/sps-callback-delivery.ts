import type { TaskScheduler } from '../../simulator-kit/scheduler.js';
import { signSpsCallback, spsSignatureHeader, spsTimestampHeader } from '../callback-signature.js';
import type { SpsTransactionNotification } from '../sps-api-types.js';
import { type SimulatedTransaction, transactionStatusBody } from './sps-transactions.js';

/**
 * Sends the partner a signed notification when a transaction completes, and retries with exponential backoff
 * while the receiver fails. Each attempt is a scheduler task; the HTTP call itself runs detached, so a receiver
 * that calls back into the simulator while handling a callback cannot deadlock the scheduler. `settle()` waits for
 * the calls under way (tests use it).
 */
export interface CallbackRegistration {
  url: string;
  secret: string;
  updatedDate: string;
}

export interface CallbackAttempt {
  eventId: string;
  partnerTransactionId: string;
  attempt: number;
  at: string;
  url: string;
  outcome: 'delivered' | 'failed';
  httpStatus?: number;
  error?: string;
}

const eventTypes: Record<string, SpsTransactionNotification['eventType']> = {
  ActivateSubscription: 'SubscriptionActivated',
  PortInActivateSubscription: 'SubscriptionPortedIn',
  'UpdateSubscriptionStatus:Suspend': 'SubscriptionSuspended',
  'UpdateSubscriptionStatus:Resume': 'SubscriptionResumed',
  'UpdateSubscriptionStatus:Cease': 'SubscriptionCeased',
  'UpdateSubscriptionStatus:Reactivate': 'SubscriptionReactivated',
  ChangeDeviceSim: 'DeviceSimChanged',
  ChangeGpsi: 'GpsiChanged',
  ChangeGpsiPortIn: 'GpsiChanged',
  BlockUnblockSim: 'SimBlockChanged',
  SubscriptionMacd: 'SubscriptionChanged',
};

function eventTypeOf(transaction: SimulatedTransaction): SpsTransactionNotification['eventType'] {
  if (transaction.status === 'Failure') return 'TransactionFailed';
  const withAction = `${transaction.transactionType}:${transaction.action ?? ''}`;
  return eventTypes[withAction] ?? eventTypes[transaction.transactionType] ?? 'SubscriptionChanged';
}

export class SpsCallbackDelivery {
  registration: CallbackRegistration | undefined;
  readonly attempts: CallbackAttempt[] = [];
  /** Notifications a receiver accepted (2xx), in order. */
  readonly delivered: SpsTransactionNotification[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private nextEventNumber = 1;

  constructor(
    private readonly dependencies: {
      scheduler: TaskScheduler;
      now: () => Date;
      fetch: typeof fetch;
      maxAttempts?: number;
      firstRetryDelayMs?: number;
    },
  ) {}

  register(url: string, secret: string): CallbackRegistration {
    this.registration = { url, secret, updatedDate: this.dependencies.now().toISOString() };
    return this.registration;
  }

  notify(transaction: SimulatedTransaction): void {
    if (!this.registration) return;
    const notification: SpsTransactionNotification = {
      ...transactionStatusBody(transaction),
      eventId: `EVT${String(this.nextEventNumber++).padStart(10, '0')}`,
      eventType: eventTypeOf(transaction),
      eventTime: this.dependencies.now().toISOString(),
    };
    this.dependencies.scheduler.after(0, () => this.attempt(notification, transaction.correlationId, 1));
  }

  /** Waits until no delivery is under way (deliveries can start more: a retry is only scheduled, not started). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private attempt(notification: SpsTransactionNotification, correlationId: string, attempt: number): void {
    const registration = this.registration;
    if (!registration) return;
    const delivery = this.send(registration, notification, correlationId, attempt).finally(() => {
      this.inFlight.delete(delivery);
    });
    this.inFlight.add(delivery);
  }

  private async send(
    registration: CallbackRegistration,
    notification: SpsTransactionNotification,
    correlationId: string,
    attempt: number,
  ): Promise<void> {
    const { now, fetch: deliver, scheduler } = this.dependencies;
    const at = now();
    const body = JSON.stringify(notification);
    // Signed afresh on every attempt: a retry carries a new timestamp, so receivers can keep tolerance windows short.
    const timestamp = Math.floor(at.getTime() / 1000);
    const signature = await signSpsCallback(registration.secret, timestamp, body);
    const record: CallbackAttempt = {
      eventId: notification.eventId,
      partnerTransactionId: notification.partnerTransactionId,
      attempt,
      at: at.toISOString(),
      url: registration.url,
      outcome: 'failed',
    };
    try {
      const response = await deliver(
        new Request(registration.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Correlation-Id': correlationId,
            [spsTimestampHeader]: String(timestamp),
            [spsSignatureHeader]: signature,
          },
          body,
        }),
      );
      record.httpStatus = response.status;
      if (response.ok) {
        record.outcome = 'delivered';
        this.delivered.push(notification);
      }
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.attempts.push(record);
    const maxAttempts = this.dependencies.maxAttempts ?? 5;
    if (record.outcome === 'failed' && attempt < maxAttempts) {
      const delayMs = (this.dependencies.firstRetryDelayMs ?? 1000) * 2 ** (attempt - 1);
      scheduler.after(delayMs, () => this.attempt(notification, correlationId, attempt + 1));
    }
  }
}
