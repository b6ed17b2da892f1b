/** Tiny DOM helpers: every text goes in as text (never as HTML), so nothing the API returns can run as script. */

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: iso }, Number.isNaN(date.getTime()) ? iso : dateFormat.format(date));
}

export function words(kind) {
  return String(kind ?? '').replaceAll('_', ' ');
}

export function badge(status) {
  return h('span', { class: `badge badge-${status}` }, words(status));
}

/** A wide table that scrolls sideways on a phone; focusable so keyboard users can scroll it too. */
export function tableWrap(label, table) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

export function problemText(error) {
  const problem = error?.problem;
  if (!problem) return String(error?.message ?? error);
  const fields = (problem.errors ?? []).map((item) => `${item.pointer}: ${item.detail}`);
  return [problem.title, problem.detail, ...fields].filter(Boolean).join(' — ');
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, problemText(error));
}

export function json(value) {
  // Focusable: a long block scrolls, and a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
  return h(
    'pre',
    { class: 'json', tabindex: '0' },
    value === undefined || value === null ? '—' : JSON.stringify(value, null, 2),
  );
}

/** Announces a message to screen readers and shows it briefly. */
export function announce(message, kind = 'info') {
  const region = document.getElementById('status');
  if (!region) return;
  region.className = `status status-${kind}`;
  region.textContent = message;
}
