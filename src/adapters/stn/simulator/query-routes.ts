import type { Context, Hono } from 'hono';
import { type AutoQueryOptions, type QueryRecord, runAutoQuery } from './auto-query.js';
import { type SimulatorContext, StnRejection } from './simulator-context.js';
import {
  activationFields,
  cdrFields,
  invoiceFields,
  renderActivation,
  renderSimcard,
  renderSubscription,
  simcardFields,
  subscriptionFields,
  usageFields,
} from './stn-rendering.js';
import { notEmptyError, validationErrorBody } from './stn-response-status.js';

/** The GET Query* operations: each is AutoQuery over one record type, answered in the envelope. */
export function registerQueryRoutes(app: Hono, simulator: SimulatorContext): void {
  const { state } = simulator;
  const answer = (context: Context, records: readonly QueryRecord[], options: AutoQueryOptions) =>
    context.json(runAutoQuery(records, new URL(context.req.url).searchParams, options));

  app.get('/api/QuerySimcard', (context) =>
    answer(context, [...state.simcards.values()].map(renderSimcard), { fields: simcardFields }),
  );

  app.get('/api/QueryActivation', (context) =>
    answer(
      context,
      [...state.activations.values()].map((activation) => renderActivation(activation)),
      { fields: activationFields },
    ),
  );

  app.get('/api/QuerySubscription', (context) =>
    answer(context, [...state.subscriptions.values()].map(renderSubscription), { fields: subscriptionFields }),
  );

  app.get('/api/QueryInvoice', (context) =>
    answer(context, state.invoices as unknown as QueryRecord[], { fields: invoiceFields }),
  );

  app.get('/api/QueryCdrMonth', (context) => {
    const months = new Map<string, QueryRecord>();
    for (const cdr of state.cdrs) {
      months.set(`${cdr.yearMonth}|${cdr.providerGroup}`, {
        yearMonth: cdr.yearMonth,
        providerGroup: cdr.providerGroup,
      });
    }
    const records = [...months.values()].sort((left, right) =>
      String(right.yearMonth).localeCompare(String(left.yearMonth)),
    );
    return answer(context, records, { fields: ['yearMonth', 'providerGroup'] });
  });

  app.get('/api/QueryCdr', (context) => {
    const searchParams = new URL(context.req.url).searchParams;
    // Documented as required; FluentValidation NotEmpty wording is our inference.
    if (![...searchParams].some(([name, value]) => name.toLowerCase() === 'yearmonth' && value !== '')) {
      throw new StnRejection(validationErrorBody([notEmptyError('yearMonth')]));
    }
    return answer(context, state.cdrs as unknown as QueryRecord[], { fields: cdrFields, hiddenFields: ['customerId'] });
  });

  app.get('/api/QueryUsageSubscription', (context) =>
    answer(context, state.usage as unknown as QueryRecord[], { fields: usageFields, hiddenFields: ['simCardNumber'] }),
  );
}
