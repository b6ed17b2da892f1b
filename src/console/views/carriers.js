import { carriers } from '../api.js';
import { h, tableWrap, words } from '../dom.js';
import { operationKinds } from '../lifecycle.js';

/** Capabilities as a matrix (operations × connections), then the other capability facts, then routing. */
export async function carriersView() {
  const connections = await carriers();
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { scope: 'col' }, 'Operation'),
      ...connections.map((connection) => h('th', { scope: 'col' }, `${connection.name} (${connection.displayName})`)),
    ),
  );
  const cell = (connection, kind) => {
    const capabilities = connection.capabilities ?? {};
    if (!(capabilities.operations ?? []).includes(kind))
      return h(
        'td',
        { class: 'no' },
        h('span', { 'aria-hidden': 'true' }, '—'),
        h('span', { class: 'sr-only' }, 'not offered'),
      );
    const notes = [];
    if ((capabilities.scheduling ?? []).includes(kind)) notes.push('can be dated');
    const onlyFrom = capabilities.stateRestrictions?.[kind];
    if (onlyFrom) notes.push(`only when ${onlyFrom.join(' or ')}`);
    return h(
      'td',
      { class: 'yes' },
      h('span', { 'aria-hidden': 'true' }, '✓ '),
      'yes',
      notes.length ? h('span', { class: 'small' }, ` (${notes.join('; ')})`) : null,
    );
  };
  const matrix = h(
    'table',
    { class: 'matrix' },
    h('caption', {}, 'Operations each connection offers'),
    head,
    h(
      'tbody',
      {},
      ...operationKinds.map((kind) =>
        h('tr', {}, h('th', { scope: 'row' }, words(kind)), ...connections.map((connection) => cell(connection, kind))),
      ),
    ),
  );
  const fact = (label, render) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, label),
      ...connections.map((connection) => h('td', {}, render(connection.capabilities ?? {}, connection))),
    );
  const facts = h(
    'table',
    {},
    h('caption', {}, 'Other capabilities'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Capability'),
        ...connections.map((connection) => h('th', { scope: 'col' }, connection.name)),
      ),
    ),
    h(
      'tbody',
      {},
      fact('Adapter', (_, connection) => connection.carrierType),
      fact('Default connection', (_, connection) => (connection.isDefault ? 'yes' : 'no')),
      fact('eSIM', (capabilities) => (capabilities.esim ? 'yes' : 'no')),
      fact('Results by callback', (capabilities) => (capabilities.callbacks ? 'yes' : 'no (polled)')),
      fact('Batch polling', (capabilities) =>
        capabilities.batchPolling ? `up to ${capabilities.batchPolling.maxBatchSize}` : 'no',
      ),
      fact('Reads', (capabilities) => (capabilities.reads ?? []).map(words).join(', ') || '—'),
      fact('Plans', (capabilities) =>
        [capabilities.plans?.meaning, capabilities.plans?.values?.join(', ')].filter(Boolean).join(': '),
      ),
      fact('Services', (capabilities) => (capabilities.services ?? []).join(', ')),
    ),
  );
  const defaultConnection = connections.find((connection) => connection.isDefault);
  return {
    title: 'Carriers',
    element: h(
      'section',
      {},
      h('h1', { tabindex: '-1' }, 'Carriers'),
      tableWrap('Capabilities matrix', matrix),
      tableWrap('Other capabilities', facts),
      h('h2', {}, 'Routing rules'),
      h(
        'p',
        {},
        'Not configured: this gateway has no routing rules yet. A request goes to the connection its ',
        h('code', {}, 'carrier'),
        ' field names, otherwise to the default connection',
        defaultConnection ? ` (${defaultConnection.name})` : '',
        '; an existing line always stays with its own connection.',
      ),
    ),
  };
}
