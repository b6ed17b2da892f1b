import { api, forgetCarriers, sandboxMode, session } from './api.js';
import { announce, errorBox, h, replace } from './dom.js';
import { carriersView } from './views/carriers.js';
import { lineView } from './views/line.js';
import { linesView } from './views/lines.js';
import { operationsView } from './views/operations.js';
import { sandboxView } from './views/sandbox.js';
import { webhooksView } from './views/webhooks.js';

/**
 * The console: a hash-routed single page (#/lines, #/lines/sub_…, …), so the gateway serves one HTML document and
 * two assets. Each view renders into <main> and may return a cleanup (stop polling) run on the next navigation.
 */
const routes = [
  { pattern: /^\/lines\/([^/]+)$/, view: lineView, nav: 'lines' },
  { pattern: /^\/lines$/, view: linesView, nav: 'lines' },
  { pattern: /^\/operations$/, view: operationsView, nav: 'operations' },
  { pattern: /^\/webhooks$/, view: webhooksView, nav: 'webhooks' },
  { pattern: /^\/carriers$/, view: carriersView, nav: 'carriers' },
  { pattern: /^\/sandbox$/, view: sandboxView, nav: 'sandbox' },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let cleanup = null;
let generation = 0;

function signInView() {
  const input = h('input', {
    id: 'api-key',
    name: 'apiKey',
    type: 'password',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'api-key-help',
  });
  const message = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card signin' },
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'Tenant API key'), input),
    h(
      'p',
      { id: 'api-key-help', class: 'hint' },
      'The key stays in this browser tab only (session storage) and is sent to this gateway’s /v1 API, nowhere else.',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    try {
      await api('GET', '/v1/carriers', { key });
      session.signIn(key);
      forgetCarriers();
      if (!location.hash || location.hash === '#/' || location.hash === '#/signin') location.hash = '#/lines';
      else render();
    } catch (error) {
      replace(message, errorBox(error.status === 401 ? { message: 'That key was not accepted.' } : error));
    }
  });
  return form;
}

async function renderNav(active) {
  const items = [
    ['lines', 'Lines'],
    ['operations', 'Operations'],
    ['webhooks', 'Webhooks'],
    ['carriers', 'Carriers'],
  ];
  if (await sandboxMode()) items.push(['sandbox', 'Sandbox']);
  replace(
    nav,
    h(
      'ul',
      {},
      ...items.map(([id, label]) =>
        h('li', {}, h('a', { href: `#/${id}`, 'aria-current': id === active ? 'page' : undefined }, label)),
      ),
      h(
        'li',
        { class: 'signout' },
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              session.signOut();
              forgetCarriers();
              location.hash = '#/signin';
              render();
            },
          },
          'Sign out',
        ),
      ),
    ),
  );
}

/** A message belongs to the page it was said on; navigating clears it, except the one that caused the navigation. */
let keepStatusOnce = false;
window.addEventListener('console:keep-status', () => {
  keepStatusOnce = true;
});

async function render() {
  if (!keepStatusOnce) announce('');
  keepStatusOnce = false;
  cleanup?.();
  cleanup = null;
  const mine = ++generation;
  const path = location.hash.replace(/^#/, '') || '/lines';
  if (!session.key) {
    replace(nav);
    replace(main, signInView());
    main.querySelector('h1')?.focus();
    return;
  }
  const route = routes.find((candidate) => candidate.pattern.test(path)) ?? routes[1];
  const match = path.match(route.pattern) ?? [];
  void renderNav(route.nav);
  replace(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    const view = await route.view({
      params: match.slice(1).map(decodeURIComponent),
      isCurrent: () => mine === generation,
    });
    if (mine !== generation) {
      view.cleanup?.();
      return;
    }
    replace(main, view.element);
    cleanup = view.cleanup ?? null;
    document.title = `${view.title} · mvno-gateway console`;
    main.querySelector('h1')?.focus({ preventScroll: true });
  } catch (error) {
    if (mine === generation) replace(main, h('h1', { tabindex: '-1' }, 'Something went wrong'), errorBox(error));
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('console:unauthorized', () => {
  session.signOut();
  render();
});
render();
