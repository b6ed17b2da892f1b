/* global CONSOLE_TRANSITIONS */
import { api, carriers, sandboxMode } from '../api.js';
import { announce, badge, errorBox, h, problemText, replace, tableWrap, when } from '../dom.js';

// The gateway's own statuses, in its order: the keys of the state machine copied in at build time.
const statuses = Object.keys(CONSOLE_TRANSITIONS);

/**
 * The carrier options each simulated carrier's sandbox suggests for an activation (GET /sandbox, e.g. a service
 * location), by carrier id; none outside sandbox mode. The console names no carrier: the plugins say what they need.
 */
async function sandboxActivationOptions() {
  const guide = await sandboxMode();
  return new Map((guide?.carriers ?? []).map((carrier) => [carrier.name, carrier.exampleActivation?.carrierOptions]));
}

/** Lines: the API's filters (status, carrier, msisdn, iccid) as a form, cursor pages, and a form to activate one. */
export async function linesView() {
  const connections = await carriers();
  const filters = { status: '', carrier: '', msisdn: '', iccid: '' };
  const cursors = [null];
  const results = h('div', { 'aria-live': 'polite' });

  const field = (name, label, control) =>
    h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), control);
  const select = (name, options) =>
    h(
      'select',
      { id: `filter-${name}`, name },
      h('option', { value: '' }, 'any'),
      ...options.map((value) => h('option', { value }, value)),
    );
  const filterForm = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter lines' },
    field('status', 'Status', select('status', statuses)),
    field(
      'carrier',
      'Carrier',
      select(
        'carrier',
        connections.map((connection) => connection.name),
      ),
    ),
    field(
      'msisdn',
      'Number (E.164)',
      h('input', {
        id: 'filter-msisdn',
        name: 'msisdn',
        type: 'search',
        placeholder: '+31612345678',
        inputmode: 'tel',
      }),
    ),
    field('iccid', 'ICCID', h('input', { id: 'filter-iccid', name: 'iccid', type: 'search', inputmode: 'numeric' })),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const name of Object.keys(filters)) filters[name] = filterForm.elements.namedItem(name).value.trim();
    cursors.length = 1;
    void load(0);
  });

  async function load(index) {
    try {
      const page = await api('GET', '/v1/subscriptions', { query: { ...filters, limit: 25, cursor: cursors[index] } });
      cursors[index + 1] = page.nextCursor ?? null;
      const rows = (page.data ?? []).map((line) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/lines/${encodeURIComponent(line.id)}` }, line.msisdn ?? line.id)),
          h('td', { class: 'mono' }, line.iccid ?? (line.esim ? `eSIM ${line.eid ?? ''}` : '—')),
          h('td', {}, badge(line.status)),
          h('td', {}, line.carrier),
          h('td', {}, line.carrierType),
          h('td', {}, when(line.updatedAt)),
        ),
      );
      const table = h(
        'table',
        {},
        h('caption', {}, `Lines, page ${index + 1}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Number', 'ICCID / eSIM', 'Status', 'Carrier', 'Connection type', 'Updated'].map((title) =>
              h('th', { scope: 'col' }, title),
            ),
          ),
        ),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '6' }, 'No lines match.'))),
      );
      const pager = h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages of lines' },
        h(
          'button',
          { type: 'button', class: 'secondary', disabled: index === 0, onclick: () => load(index - 1) },
          'Previous page',
        ),
        h(
          'button',
          { type: 'button', class: 'secondary', disabled: !page.nextCursor, onclick: () => load(index + 1) },
          'Next page',
        ),
      );
      replace(results, tableWrap('Lines', table), pager);
    } catch (error) {
      replace(results, errorBox(error));
    }
  }

  await load(0);
  const element = h(
    'section',
    {},
    h('h1', { tabindex: '-1' }, 'Lines'),
    filterForm,
    results,
    activateForm(connections),
  );
  return { title: 'Lines', element };
}

/** POST /v1/subscriptions: a physical SIM (ICCID, with the connection's free SIMs offered) or an eSIM. */
function activateForm(connections) {
  const defaultConnection = connections.find((connection) => connection.isDefault) ?? connections[0];
  const message = h('div', { 'aria-live': 'polite' });
  const simList = h('datalist', { id: 'free-sims' });
  const carrierSelect = h(
    'select',
    { id: 'activate-carrier', name: 'carrier' },
    ...connections.map((connection) =>
      h(
        'option',
        { value: connection.name, selected: connection === defaultConnection },
        `${connection.name} (${connection.displayName})`,
      ),
    ),
  );
  const simType = h(
    'select',
    { id: 'activate-sim-type', name: 'simType' },
    h('option', { value: 'physical' }, 'physical SIM'),
    h('option', { value: 'esim' }, 'eSIM'),
  );
  const options = h('textarea', { id: 'activate-options', name: 'carrierOptions', rows: '3', spellcheck: 'false' });
  const field = (id, label, control, hint) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      control,
      hint ? h('p', { class: 'hint' }, hint) : null,
    );

  const exampleOptions = sandboxActivationOptions();
  async function connectionChanged() {
    const connection = connections.find((candidate) => candidate.name === carrierSelect.value);
    const example = (await exampleOptions).get(connection?.carrierId);
    options.value = example ? JSON.stringify(example) : '';
    replace(simList);
    if (!(connection?.capabilities?.reads ?? []).includes('sim_cards')) return;
    try {
      const page = await api('GET', '/v1/sim-cards', {
        query: { carrier: connection.name, status: 'available', limit: 20 },
      });
      replace(simList, ...(page.data ?? []).map((sim) => h('option', { value: sim.iccid })));
    } catch {
      // The list is a convenience; typing an ICCID still works.
    }
  }
  carrierSelect.addEventListener('change', connectionChanged);
  void connectionChanged();

  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'activate-title' },
    h('h2', { id: 'activate-title' }, 'Activate a line'),
    h(
      'div',
      { class: 'grid' },
      field('activate-carrier', 'Carrier', carrierSelect),
      field('activate-sim-type', 'SIM', simType),
      field(
        'activate-iccid',
        'ICCID (physical SIM)',
        h('input', {
          id: 'activate-iccid',
          name: 'iccid',
          list: 'free-sims',
          inputmode: 'numeric',
          pattern: '[0-9]{18,22}',
          autocomplete: 'off',
        }),
      ),
      field(
        'activate-eid',
        'EID (eSIM)',
        h('input', {
          id: 'activate-eid',
          name: 'eid',
          inputmode: 'numeric',
          pattern: '[0-9]{19,32}',
          autocomplete: 'off',
        }),
      ),
      field(
        'activate-email',
        'eSIM delivery e-mail (sTN)',
        h('input', { id: 'activate-email', name: 'deliveryEmail', type: 'email', autocomplete: 'off' }),
      ),
      field(
        'activate-code',
        'eSIM confirmation code (sTN)',
        h('input', { id: 'activate-code', name: 'confirmationCode', maxlength: '10', autocomplete: 'off' }),
      ),
      field(
        'activate-plan',
        'Plan',
        h('input', { id: 'activate-plan', name: 'plan', placeholder: 'SP16001 / Plan001', autocomplete: 'off' }),
      ),
      field(
        'activate-reference',
        'Your reference',
        h('input', { id: 'activate-reference', name: 'externalReference', autocomplete: 'off' }),
      ),
    ),
    field(
      'activate-options',
      'Carrier options (JSON)',
      options,
      'What the carrier needs beyond the fields above (e.g. a service location); in the sandbox its example is filled in.',
    ),
    simList,
    h('button', { type: 'submit', class: 'primary' }, 'Activate'),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (name) => form.elements.namedItem(name).value.trim();
    const sim =
      value('simType') === 'physical'
        ? { type: 'physical', iccid: value('iccid') }
        : Object.fromEntries(
            Object.entries({
              type: 'esim',
              eid: value('eid'),
              deliveryEmail: value('deliveryEmail'),
              confirmationCode: value('confirmationCode'),
            }).filter(([, item]) => item),
          );
    const body = { carrier: value('carrier'), sim };
    if (value('plan')) body.plan = value('plan');
    if (value('externalReference')) body.externalReference = value('externalReference');
    if (value('carrierOptions')) {
      try {
        body.carrierOptions = JSON.parse(value('carrierOptions'));
      } catch {
        replace(message, errorBox({ message: 'Carrier options: not valid JSON.' }));
        return;
      }
    }
    try {
      const operation = await api('POST', '/v1/subscriptions', { body });
      announce(`Activation requested (${operation.id}).`);
      window.dispatchEvent(new Event('console:keep-status'));
      location.hash = `#/lines/${encodeURIComponent(operation.subscriptionId)}`;
    } catch (error) {
      replace(message, errorBox(error));
      announce(problemText(error), 'error');
    }
  });
  return form;
}
