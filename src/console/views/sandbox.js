import { api, sandboxMode } from '../api.js';
import { announce, errorBox, h, json, problemText, replace, tableWrap } from '../dom.js';

const faultFields = [
  ['errorRate', 'Error rate (500), 0–1', '0.01'],
  ['rateLimitRate', 'Rate-limit rate (429), 0–1', '0.01'],
  ['timeoutRate', 'Timeout rate, 0–1', '0.01'],
  ['malformedRate', 'Malformed-answer rate, 0–1', '0.01'],
  ['latencyMs', 'Added latency (ms)', '1'],
  ['timeoutHoldMs', 'Timeout hold (ms)', '1'],
];

/**
 * Sandbox mode only: the simulators' stock and fault settings, for each carrier GET /sandbox lists (so a carrier
 * loaded by module name shows up too). Faults are the simulators' own controls (/sandbox/<carrier>/_sim/faults,
 * open in sandbox mode, as the simulators are not real carriers); the stock comes through the public API
 * (GET /v1/sim-cards) where the carrier offers that read, else from the guide's free SIMs. There is no simulated
 * clock to show yet.
 */
export async function sandboxView() {
  const guide = await sandboxMode();
  if (!guide) {
    return {
      title: 'Sandbox',
      element: h(
        'section',
        {},
        h('h1', { tabindex: '-1' }, 'Sandbox'),
        h('p', {}, 'This gateway is not in sandbox mode.'),
      ),
    };
  }
  let connections = [];
  try {
    connections = (await api('GET', '/v1/carriers'))?.data ?? [];
  } catch {
    connections = [];
  }
  const simulators = guide.carriers.map((carrier) => ({
    id: carrier.name,
    name: carrier.displayName ?? `${carrier.name} (simulated)`,
    freeSims: carrier.freeSims,
    // The tenant's connection to this simulator that can list SIM cards, if any.
    stockConnection: connections.find(
      (connection) => connection.carrierId === carrier.name && connection.capabilities?.reads?.includes('sim_cards'),
    )?.connection,
  }));
  const sections = await Promise.all(simulators.map(simulatorSection));
  return {
    title: 'Sandbox',
    element: h(
      'section',
      {},
      h('h1', { tabindex: '-1' }, 'Sandbox'),
      h(
        'p',
        {},
        'The simulated carriers (each plugin with a sandbox, as GET /sandbox lists them). Their state is in memory: a restart forgets their lines.',
      ),
      ...sections,
      h('h2', {}, 'Sandbox description (GET /sandbox)'),
      json(guide),
      h('h2', {}, 'Clock'),
      h('p', {}, 'The simulators run on real time; there is no simulated clock to move yet.'),
    ),
  };
}

async function simulatorSection(simulator) {
  const base = `/sandbox/${simulator.id}/_sim`;
  const stock = h('div');
  const message = h('div', { 'aria-live': 'polite' });
  let faults = {};
  try {
    faults = await api('GET', `${base}/faults`, { key: null });
  } catch (error) {
    replace(message, errorBox(error));
  }
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': `faults-${simulator.id}` },
    h('h3', { id: `faults-${simulator.id}` }, 'Fault injection'),
    h(
      'div',
      { class: 'grid' },
      ...faultFields.map(([name, label, step]) =>
        h(
          'div',
          { class: 'field' },
          h('label', { for: `${simulator.id}-${name}` }, label),
          h('input', {
            id: `${simulator.id}-${name}`,
            name,
            type: 'number',
            min: '0',
            max: step === '1' ? undefined : '1',
            step,
            value: faults[name] ?? 0,
          }),
        ),
      ),
    ),
    h('button', { type: 'submit', class: 'primary' }, `Save ${simulator.id} simulator faults`),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(faultFields.map(([name]) => [name, Number(form.elements.namedItem(name).value)]));
    try {
      await api('PUT', `${base}/faults`, { body, key: null });
      replace(message, h('p', { class: 'notice' }, 'Saved.'));
      announce(`${simulator.name}: faults saved.`);
    } catch (error) {
      replace(message, errorBox(error));
      announce(problemText(error), 'error');
    }
  });

  if (simulator.stockConnection) {
    try {
      const page = await api('GET', '/v1/sim-cards', {
        query: { connection: simulator.stockConnection, status: 'available', limit: 200 },
      });
      const sims = page?.data ?? [];
      replace(
        stock,
        h('p', {}, `${sims.length}${page?.nextCursor ? '+' : ''} free SIM cards (GET /v1/sim-cards).`),
        tableWrap(
          `Free ${simulator.id} SIM cards`,
          h(
            'table',
            {},
            h('caption', {}, 'Free SIM cards (first 20)'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'ICCID'),
                h('th', { scope: 'col' }, 'Type'),
                h('th', { scope: 'col' }, 'Carrier status'),
              ),
            ),
            h(
              'tbody',
              {},
              ...sims
                .slice(0, 20)
                .map((sim) =>
                  h(
                    'tr',
                    {},
                    h('td', { class: 'mono' }, sim.iccid),
                    h('td', {}, sim.type ?? '—'),
                    h('td', {}, sim.carrierStatus ?? '—'),
                  ),
                ),
            ),
          ),
        ),
      );
    } catch (error) {
      replace(stock, errorBox(error));
    }
  } else {
    // No SIM card read at this carrier: the guide's count and first ICCIDs of the simulator's seeded stock.
    const free = simulator.freeSims ?? { count: 0, iccids: [] };
    replace(
      stock,
      h(
        'p',
        {},
        `${free.count} free physical SIMs (GET /sandbox; this carrier offers no SIM card read)` +
          (free.iccids.length ? `: ${free.iccids.join(', ')}` : '.'),
      ),
    );
  }
  return h(
    'section',
    { 'aria-labelledby': `sim-${simulator.id}` },
    h('h2', { id: `sim-${simulator.id}` }, simulator.name),
    h('h3', {}, 'Stock'),
    stock,
    form,
  );
}
