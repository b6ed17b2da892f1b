import { api, carriers, scanEvents } from '../api.js';
import { confirmAction } from '../dialog.js';
import { announce, badge, errorBox, h, json, problemText, replace, when, words } from '../dom.js';
import { decide, decideCancel, inFlight, lineActions } from '../lifecycle.js';
import { qrSvg } from '../qr.js';

const pollMs = 1000;
const phaseWords = {
  submit: 'submit',
  poll: 'status poll',
  find_submission: 'reconciliation (find submission)',
  callback: 'carrier callback',
};

/** The first eSIM activation code (LPA:1$…) anywhere in an operation result. */
function activationCode(value) {
  if (typeof value === 'string') return value.startsWith('LPA:') ? value : null;
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = activationCode(item);
      if (found) return found;
    }
  }
  return null;
}

/**
 * One line: what it is, what may be done with it, and everything that happened to it. While an operation is in
 * flight the page polls the line and its operations (GET /v1/subscriptions/{id}, /v1/operations) and redraws in place.
 */
export async function lineView({ params: [id], isCurrent }) {
  const connections = await carriers();
  const state = { line: null, operations: [], events: [], eventsComplete: true, fingerprint: '' };
  const openOperations = new Set();
  const summary = h('div');
  const actions = h('div');
  const timeline = h('div');
  const heading = h('h1', { tabindex: '-1' }, 'Line');
  const liveStatus = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  let timer = null;
  let stopped = false;

  const lineEvents = () => scanEvents((event) => event.subscriptionId === id);

  /** Reads the line and its operations; the event log only when something changed (the first time in parallel). */
  async function refresh({ first = false } = {}) {
    const [line, operations, firstEvents] = await Promise.all([
      api('GET', `/v1/subscriptions/${encodeURIComponent(id)}`),
      api('GET', '/v1/operations', { query: { subscriptionId: id, limit: 100 } }),
      first ? lineEvents() : null,
    ]);
    const list = operations?.data ?? [];
    const fingerprint = [
      line.status,
      line.version,
      ...list.map((operation) => `${operation.id}:${operation.status}:${operation.attempts}`),
    ].join('|');
    const changed = fingerprint !== state.fingerprint;
    if (state.line && line.status !== state.line.status)
      liveStatus.textContent = `The line is now ${words(line.status)}.`;
    Object.assign(state, { line, operations: list, fingerprint });
    if (changed) {
      const scanned = firstEvents ?? (await lineEvents());
      state.events = scanned.events;
      state.eventsComplete = scanned.complete;
      draw();
    }
  }

  function carrierOf(line) {
    return connections.find((connection) => connection.name === line.carrier);
  }

  function draw() {
    const { line, operations } = state;
    const carrier = carrierOf(line);
    replace(heading, `Line ${line.msisdn ?? line.id}`);
    const activation = operations.find((operation) => operation.kind === 'activate' || operation.kind === 'port_in');
    const code = line.esim
      ? [...operations]
          .reverse()
          .map((operation) => activationCode(operation.result))
          .find(Boolean)
      : null;
    const services = Object.entries(line.services ?? {});
    replace(
      summary,
      h(
        'div',
        { class: 'columns' },
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Status'),
          h('dd', { id: 'line-status' }, badge(line.status)),
          h('dt', {}, 'Carrier'),
          h('dd', {}, carrier ? `${carrier.displayName} (${line.carrier})` : line.carrier),
          h('dt', {}, 'Connection'),
          h('dd', {}, `${line.carrier} · adapter ${line.carrierType}`),
          h('dt', {}, 'Number'),
          h('dd', { class: 'mono' }, line.msisdn ?? '— (not yet assigned)'),
          h('dt', {}, 'SIM'),
          h(
            'dd',
            { class: 'mono' },
            line.esim ? `eSIM, EID ${line.eid ?? '—'}` : `physical, ICCID ${line.iccid ?? '—'}`,
          ),
          line.esim && line.iccid ? [h('dt', {}, 'eSIM ICCID'), h('dd', { class: 'mono' }, line.iccid)] : null,
          h('dt', {}, 'IMEI'),
          h('dd', { class: 'mono' }, line.imei ?? '—'),
          h('dt', {}, 'Plan'),
          h('dd', {}, line.plan ?? '—'),
          h('dt', {}, 'Carrier’s id'),
          h('dd', { class: 'mono' }, line.carrierSubscriptionId ?? '—'),
          h('dt', {}, 'Your reference'),
          h('dd', {}, line.externalReference ?? '—'),
          h('dt', {}, 'Created'),
          h('dd', {}, when(line.createdAt), activation ? ` by ${activation.id}` : ''),
          h('dt', {}, 'Id'),
          h('dd', { class: 'mono' }, line.id),
        ),
        h(
          'div',
          {},
          h('h2', {}, 'Services'),
          services.length
            ? h(
                'ul',
                { class: 'services' },
                ...services.map(([name, value]) =>
                  h(
                    'li',
                    {},
                    h(
                      'span',
                      { class: value ? 'on' : 'off' },
                      value === true ? 'on' : value === false ? 'off' : String(value),
                    ),
                    ` ${name}`,
                  ),
                ),
              )
            : h('p', {}, 'None set.'),
          code
            ? h(
                'figure',
                { class: 'qr-figure' },
                qrSvg(code, 'QR code of the eSIM activation code'),
                h('figcaption', {}, 'eSIM activation code: ', h('code', {}, code)),
              )
            : null,
        ),
      ),
    );
    drawActions(line, carrier, operations);
    drawTimeline(carrier);
    schedule();
  }

  function drawActions(line, carrier, operations) {
    const busy = operations.some(inFlight);
    const buttons = lineActions.map((action) => {
      const decision = decide(action.kind, line.status, carrier, { busy });
      const reasonId = `reason-${action.kind}`;
      return h(
        'span',
        { class: 'action' },
        h(
          'button',
          {
            type: 'button',
            class: action.danger ? 'danger' : 'secondary',
            'aria-disabled': decision.allowed ? undefined : 'true',
            'aria-describedby': decision.allowed ? undefined : reasonId,
            title: decision.allowed ? undefined : decision.reason,
            onclick: () => (decision.allowed ? runAction(action, line, carrier) : announce(decision.reason, 'error')),
          },
          action.label,
        ),
        decision.allowed ? null : h('span', { id: reasonId, class: 'sr-only' }, decision.reason),
      );
    });
    replace(actions, h('h2', {}, 'Actions'), h('div', { class: 'action-bar' }, ...buttons));
  }

  async function runAction(action, line, carrier) {
    const fields = [];
    if (action.fields.includes('reason')) fields.push({ name: 'reason', label: 'Reason (optional)' });
    if (action.fields.includes('plan')) {
      const values = carrier?.capabilities?.plans?.values;
      fields.push(
        values?.length
          ? { name: 'plan', label: 'New plan', type: 'select', options: values }
          : { name: 'plan', label: 'New plan', required: true },
      );
    }
    if (action.fields.includes('msisdn'))
      fields.push({
        name: 'msisdn',
        label: 'New number (E.164, optional: the carrier picks one)',
        pattern: '\\+[1-9][0-9]{6,14}',
      });
    if (action.fields.includes('sim')) {
      fields.push({ name: 'iccid', label: 'New ICCID (physical SIM)', pattern: '[0-9]{18,22}' });
      fields.push({ name: 'eid', label: 'or new EID (eSIM)', pattern: '[0-9]{19,32}' });
    }
    if (action.fields.includes('services')) {
      for (const name of carrier?.capabilities?.services ?? []) {
        const current = line.services?.[name];
        if (current !== undefined && typeof current !== 'boolean') continue;
        fields.push({ name, label: name, type: 'checkbox', checked: current === true });
      }
    }
    const values = await confirmAction({
      title: `${action.label} line ${line.msisdn ?? line.id}?`,
      message: `The request goes to ${carrier?.displayName ?? line.carrier}; the page follows it until the carrier answers.`,
      fields,
      confirmLabel: action.label,
      danger: action.danger,
    });
    if (!values) return;
    let body = {};
    if (values.reason) body.reason = values.reason;
    if (action.kind === 'change_plan') body = { plan: values.plan };
    if (action.kind === 'change_number') body = values.msisdn ? { msisdn: values.msisdn } : {};
    if (action.kind === 'sim_swap')
      body = { sim: values.iccid ? { type: 'physical', iccid: values.iccid } : { type: 'esim', eid: values.eid } };
    if (action.kind === 'change_services') {
      body = { services: {} };
      for (const field of fields)
        if (field.type === 'checkbox' && values[field.name] !== field.checked)
          body.services[field.name] = values[field.name];
    }
    try {
      const operation = await api(
        action.method ?? 'POST',
        `/v1/subscriptions/${encodeURIComponent(line.id)}/${action.path}`,
        { body },
      );
      openOperations.add(operation.id);
      announce(`${action.label}: requested (${operation.id}).`);
      await refresh();
    } catch (error) {
      announce(problemText(error), 'error');
    }
  }

  async function cancel(operation) {
    const values = await confirmAction({
      title: `Cancel this ${words(operation.kind)}?`,
      message: 'The carrier is asked to cancel; the operation ends cancelled once it confirms.',
      fields: [{ name: 'note', label: 'Note (optional)' }],
      confirmLabel: 'Cancel it',
      danger: true,
    });
    if (!values) return;
    try {
      await api('POST', `/v1/operations/${encodeURIComponent(operation.id)}/cancel`, {
        body: values.note ? { note: values.note } : {},
      });
      announce('Cancellation requested.');
      await refresh();
    } catch (error) {
      announce(problemText(error), 'error');
    }
  }

  function drawTimeline(carrier) {
    const items = [
      ...state.operations.map((operation) => ({ at: operation.createdAt, node: operationItem(operation, carrier) })),
      ...state.events.map((event) => ({ at: event.createdAt, node: eventItem(event) })),
    ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    replace(
      timeline,
      h('h2', {}, 'Timeline'),
      state.eventsComplete
        ? null
        : h('p', { class: 'hint' }, 'Only the first pages of the event log were read; older events may be missing.'),
      h('ol', { class: 'timeline' }, ...items.map((item) => item.node)),
    );
  }

  function eventItem(event) {
    return h(
      'li',
      { class: 'event' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'event-type' }, event.type),
      ' · ',
      when(event.createdAt),
    );
  }

  function operationItem(operation, carrier) {
    const attempts = h('div', { class: 'attempts' });
    const details = h(
      'details',
      { class: 'operation', id: `op-${operation.id}`, open: openOperations.has(operation.id) },
      h(
        'summary',
        {},
        h('strong', {}, words(operation.kind)),
        ' ',
        badge(operation.status),
        ' · ',
        when(operation.createdAt),
        ` · ${operation.attempts} carrier call${operation.attempts === 1 ? '' : 's'}`,
      ),
      h(
        'dl',
        { class: 'facts small' },
        h('dt', {}, 'Operation'),
        h('dd', { class: 'mono' }, operation.id),
        h('dt', {}, 'Carrier status'),
        h('dd', {}, operation.carrierStatus ?? '—'),
        h('dt', {}, 'Carrier reference'),
        h('dd', { class: 'mono' }, operation.carrierReference ?? '—'),
        operation.scheduledFor ? [h('dt', {}, 'Scheduled for'), h('dd', {}, when(operation.scheduledFor))] : null,
        operation.completedAt ? [h('dt', {}, 'Completed'), h('dd', {}, when(operation.completedAt))] : null,
      ),
      operation.error
        ? h(
            'div',
            { class: 'problem' },
            h(
              'p',
              {},
              h('strong', {}, operation.error.title),
              operation.error.detail ? ` — ${operation.error.detail}` : '',
            ),
            operation.error.carrier?.message
              ? h(
                  'p',
                  {},
                  'Carrier said: ',
                  h('q', {}, operation.error.carrier.message),
                  operation.error.carrier.httpStatus ? ` (HTTP ${operation.error.carrier.httpStatus})` : '',
                )
              : null,
          )
        : null,
      operation.warnings?.length
        ? h('ul', { class: 'warnings' }, ...operation.warnings.map((warning) => h('li', {}, warning)))
        : null,
      cancelButton(operation, carrier),
      attempts,
    );
    const loadAttempts = async () => {
      try {
        const answer = await api('GET', `/v1/operations/${encodeURIComponent(operation.id)}/attempts`);
        replace(attempts, attemptsList(answer?.data ?? []));
      } catch (error) {
        replace(attempts, errorBox(error));
      }
    };
    details.addEventListener('toggle', () => {
      if (details.open) {
        openOperations.add(operation.id);
        replace(attempts, h('p', { class: 'loading' }, 'Loading carrier calls…'));
        void loadAttempts();
      } else {
        openOperations.delete(operation.id);
      }
    });
    return h('li', { class: 'op' }, details);
  }

  function cancelButton(operation, carrier) {
    if (!inFlight(operation)) return null;
    const decision = decideCancel(operation, carrier);
    return h(
      'button',
      {
        type: 'button',
        class: 'danger',
        'aria-disabled': decision.allowed ? undefined : 'true',
        title: decision.allowed ? undefined : decision.reason,
        onclick: () => (decision.allowed ? cancel(operation) : announce(decision.reason, 'error')),
      },
      decision.allowed ? 'Cancel operation' : 'Cannot cancel',
    );
  }

  function schedule() {
    clearTimeout(timer);
    if (stopped || !isCurrent()) return;
    const moving =
      state.operations.some(inFlight) || ['pending', 'porting_in', 'porting_out'].includes(state.line.status);
    if (!moving) return;
    timer = setTimeout(async () => {
      try {
        await refresh();
      } catch (error) {
        announce(`Live update failed: ${problemText(error)}`, 'error');
      }
      schedule();
    }, pollMs);
  }

  await refresh({ first: true });
  const element = h(
    'section',
    {},
    h('p', { class: 'crumbs' }, h('a', { href: '#/lines' }, '← Lines')),
    heading,
    liveStatus,
    summary,
    actions,
    timeline,
  );
  return {
    title: state.line.msisdn ?? id,
    element,
    cleanup: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Every carrier call of an operation: the redacted request and response the gateway stored, status and latency. */
export function attemptsList(attempts) {
  if (!attempts.length) return h('p', {}, 'No carrier calls yet.');
  return h(
    'ol',
    { class: 'attempt-list' },
    ...attempts.map((attempt) =>
      h(
        'li',
        {},
        h(
          'details',
          { class: `attempt attempt-${attempt.outcome}` },
          h(
            'summary',
            {},
            h('strong', {}, phaseWords[attempt.phase] ?? attempt.phase),
            ' · ',
            badge(attempt.outcome),
            ` · HTTP ${attempt.httpStatus ?? '—'} · ${attempt.latencyMs ?? '—'} ms · `,
            when(attempt.startedAt),
          ),
          h('h4', {}, 'Request (redacted)'),
          json(attempt.request),
          h('h4', {}, 'Response (redacted)'),
          json(attempt.response),
          attempt.error ? [h('h4', {}, 'Error'), json(attempt.error)] : null,
        ),
      ),
    ),
  );
}
