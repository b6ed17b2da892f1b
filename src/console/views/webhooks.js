import { api } from '../api.js';
import { confirmAction } from '../dialog.js';
import { announce, badge, errorBox, h, problemText, replace, tableWrap, when } from '../dom.js';

/** Webhook endpoints, each one's deliveries (status, attempts, last response code) and replay. */
export async function webhooksView() {
  const list = h('div');
  const deliveries = h('div', { 'aria-live': 'polite' });
  const created = h('div', { 'aria-live': 'polite' });

  async function loadEndpoints() {
    try {
      const answer = await api('GET', '/v1/webhook-endpoints');
      const endpoints = answer?.data ?? [];
      replace(
        list,
        tableWrap(
          'Webhook endpoints',
          h(
            'table',
            {},
            h('caption', {}, 'Endpoints'),
            h(
              'thead',
              {},
              h('tr', {}, ...['URL', 'Events', 'Created', 'Actions'].map((title) => h('th', { scope: 'col' }, title))),
            ),
            h(
              'tbody',
              {},
              endpoints.length
                ? endpoints.map((endpoint) =>
                    h(
                      'tr',
                      {},
                      h(
                        'td',
                        { class: 'mono' },
                        endpoint.url,
                        endpoint.description ? h('br') : null,
                        endpoint.description ?? '',
                      ),
                      h('td', {}, endpoint.eventTypes?.length ? endpoint.eventTypes.join(', ') : 'all'),
                      h('td', {}, when(endpoint.createdAt)),
                      h(
                        'td',
                        {},
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'secondary',
                            'aria-label': `Deliveries to ${endpoint.url}`,
                            onclick: () => loadDeliveries(endpoint),
                          },
                          'Deliveries',
                        ),
                        ' ',
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'danger',
                            'aria-label': `Delete ${endpoint.url}`,
                            onclick: () => remove(endpoint),
                          },
                          'Delete',
                        ),
                      ),
                    ),
                  )
                : h('tr', {}, h('td', { colspan: '4' }, 'No endpoints yet.')),
            ),
          ),
        ),
      );
    } catch (error) {
      replace(list, errorBox(error));
    }
  }

  async function remove(endpoint) {
    if (!(await confirmAction({ title: `Delete the endpoint ${endpoint.url}?`, confirmLabel: 'Delete', danger: true })))
      return;
    try {
      await api('DELETE', `/v1/webhook-endpoints/${encodeURIComponent(endpoint.id)}`);
      announce('Endpoint deleted.');
      replace(deliveries);
      await loadEndpoints();
    } catch (error) {
      announce(problemText(error), 'error');
    }
  }

  async function loadDeliveries(endpoint) {
    try {
      const answer = await api('GET', `/v1/webhook-endpoints/${encodeURIComponent(endpoint.id)}/deliveries`, {
        query: { limit: 50 },
      });
      const rows = (answer?.data ?? []).map((delivery) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono small' }, delivery.eventId),
          h('td', {}, badge(delivery.status)),
          h('td', {}, String(delivery.attempts)),
          h('td', { class: 'response-code' }, delivery.lastStatusCode === null ? '—' : String(delivery.lastStatusCode)),
          h('td', {}, delivery.lastError ?? '—'),
          h('td', {}, when(delivery.createdAt)),
          h('td', {}, when(delivery.deliveredAt)),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'aria-label': `Replay delivery of ${delivery.eventId}`,
                onclick: async () => {
                  if (
                    !(await confirmAction({
                      title: 'Send this event again?',
                      message: 'The endpoint receives it once more, with the same event id.',
                      confirmLabel: 'Replay',
                    }))
                  )
                    return;
                  try {
                    await api(
                      'POST',
                      `/v1/webhook-endpoints/${encodeURIComponent(endpoint.id)}/deliveries/${encodeURIComponent(delivery.id)}/replay`,
                    );
                    announce('Replay queued.');
                    await loadDeliveries(endpoint);
                  } catch (error) {
                    announce(problemText(error), 'error');
                  }
                },
              },
              'Replay',
            ),
          ),
        ),
      );
      replace(
        deliveries,
        h('h2', { id: 'deliveries-title', tabindex: '-1' }, `Deliveries to ${endpoint.url}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => loadDeliveries(endpoint) }, 'Refresh'),
        tableWrap(
          'Deliveries',
          h(
            'table',
            {},
            h('caption', {}, 'Deliveries, newest first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Event', 'Status', 'Attempts', 'Response code', 'Last error', 'Created', 'Delivered', 'Action'].map(
                  (title) => h('th', { scope: 'col' }, title),
                ),
              ),
            ),
            h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '8' }, 'No deliveries yet.'))),
          ),
        ),
      );
      deliveries.querySelector('h2')?.focus();
    } catch (error) {
      replace(deliveries, errorBox(error));
    }
  }

  const url = h('input', { id: 'endpoint-url', name: 'url', type: 'url', required: true, autocomplete: 'off' });
  const description = h('input', { id: 'endpoint-description', name: 'description', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'endpoint-form-title' },
    h('h2', { id: 'endpoint-form-title' }, 'Add an endpoint'),
    h('div', { class: 'field' }, h('label', { for: 'endpoint-url' }, 'URL'), url),
    h('div', { class: 'field' }, h('label', { for: 'endpoint-description' }, 'Description (optional)'), description),
    h('button', { type: 'submit', class: 'primary' }, 'Add endpoint'),
    created,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const body = { url: url.value.trim() };
      if (description.value.trim()) body.description = description.value.trim();
      const endpoint = await api('POST', '/v1/webhook-endpoints', { body });
      replace(
        created,
        h('p', { class: 'notice' }, 'Signing secret (shown once): ', h('code', {}, endpoint.secret ?? '—')),
      );
      form.reset();
      await loadEndpoints();
    } catch (error) {
      replace(created, errorBox(error));
    }
  });

  await loadEndpoints();
  return {
    title: 'Webhooks',
    element: h('section', {}, h('h1', { tabindex: '-1' }, 'Webhooks'), list, deliveries, form),
  };
}
