import { api, carriers } from '../api.js';
import { confirmAction } from '../dialog.js';
import { announce, badge, errorBox, h, problemText, replace, tableWrap, when, words } from '../dom.js';
import { decideCancel } from '../lifecycle.js';

/** Operations in progress (pending, submitted) and the recently failed, with the problem and the carrier's words. */
export async function operationsView({ isCurrent }) {
  const connections = await carriers();
  const carrierOf = (operation) => connections.find((connection) => connection.carrierType === operation.carrierType);
  const body = h('div', { 'aria-live': 'polite' });
  let timer = null;

  async function load() {
    try {
      const [pending, submitted, failed] = await Promise.all(
        ['pending', 'submitted', 'failed'].map((status) =>
          api('GET', '/v1/operations', { query: { status, limit: 50 } }),
        ),
      );
      const running = [...(pending?.data ?? []), ...(submitted?.data ?? [])].sort((a, b) =>
        a.createdAt < b.createdAt ? 1 : -1,
      );
      replace(
        body,
        h('h2', {}, `In progress (${running.length})`),
        operationsTable('Operations in progress', running, { cancel: true }),
        h('h2', {}, 'Recently failed'),
        operationsTable('Recently failed operations', (failed?.data ?? []).slice(0, 25), { problem: true }),
      );
    } catch (error) {
      replace(body, errorBox(error));
    }
    clearTimeout(timer);
    if (isCurrent()) timer = setTimeout(load, 3000);
  }

  function operationsTable(label, operations, { cancel = false, problem = false }) {
    const headings = [
      'Operation',
      'Line',
      'Status',
      'Carrier',
      'Created',
      ...(problem ? ['Problem', 'Carrier said'] : []),
      ...(cancel ? ['Action'] : []),
    ];
    const rows = operations.map((operation) => {
      const decision = decideCancel(operation, carrierOf(operation));
      return h(
        'tr',
        {},
        h('td', {}, words(operation.kind), h('br'), h('span', { class: 'mono small' }, operation.id)),
        h(
          'td',
          {},
          h('a', { href: `#/lines/${encodeURIComponent(operation.subscriptionId)}` }, operation.subscriptionId),
        ),
        h('td', {}, badge(operation.status)),
        h('td', {}, operation.carrierType),
        h('td', {}, when(operation.createdAt)),
        problem
          ? h(
              'td',
              {},
              operation.error
                ? `${operation.error.title}${operation.error.detail ? ` — ${operation.error.detail}` : ''}`
                : '—',
            )
          : null,
        problem ? h('td', {}, operation.error?.carrier?.message ?? '—') : null,
        cancel
          ? h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'aria-disabled': decision.allowed ? undefined : 'true',
                  title: decision.allowed ? undefined : decision.reason,
                  'aria-label': `Cancel ${words(operation.kind)} ${operation.id}`,
                  onclick: async () => {
                    if (!decision.allowed) return announce(decision.reason, 'error');
                    const values = await confirmAction({
                      title: `Cancel this ${words(operation.kind)}?`,
                      confirmLabel: 'Cancel it',
                      danger: true,
                    });
                    if (!values) return;
                    try {
                      await api('POST', `/v1/operations/${encodeURIComponent(operation.id)}/cancel`, { body: {} });
                      announce('Cancellation requested.');
                      void load();
                    } catch (error) {
                      announce(problemText(error), 'error');
                    }
                  },
                },
                'Cancel',
              ),
            )
          : null,
      );
    });
    return tableWrap(
      label,
      h(
        'table',
        {},
        h('caption', {}, label),
        h('thead', {}, h('tr', {}, ...headings.map((title) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: String(headings.length) }, 'None.'))),
      ),
    );
  }

  await load();
  return {
    title: 'Operations',
    element: h('section', {}, h('h1', { tabindex: '-1' }, 'Operations'), body),
    cleanup: () => clearTimeout(timer),
  };
}
