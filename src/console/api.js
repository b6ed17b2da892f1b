/**
 * The console's only way to the gateway: the public /v1 API with the tenant's key, exactly what any client may do.
 * Every mutation carries a fresh Idempotency-Key, so a double click or a retried request never acts twice.
 */
const keyName = 'mvno-console-api-key';

export const session = {
  get key() {
    return sessionStorage.getItem(keyName);
  },
  signIn(key) {
    sessionStorage.setItem(keyName, key);
  },
  signOut() {
    sessionStorage.removeItem(keyName);
  },
};

/** An RFC 9457 problem (or a transport failure) turned into something a view can show. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? null;
  }
}

function newIdempotencyKey() {
  return `console-${crypto.randomUUID()}`;
}

/**
 * Calls the gateway. `path` is absolute (/v1/… or /sandbox/…); `query` drops empty values.
 * Answers the parsed JSON body (null for 204); throws ApiError for anything but 2xx.
 */
export async function api(method, path, { body, query, key = session.key } = {}) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (method !== 'GET') headers['idempotency-key'] = newIdempotencyKey();
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, { title: 'The gateway did not answer', detail: String(error?.message ?? error) });
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { title: 'Not JSON', detail: text.slice(0, 200) };
    }
  }
  if (response.status === 401 && key === session.key) window.dispatchEvent(new Event('console:unauthorized'));
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/** The next-page token of a list, whichever name the API uses (`nextCursor` now; events had `nextAfter`). */
export function nextPage(page) {
  if (page?.nextCursor !== undefined && page.nextCursor !== null) return { cursor: page.nextCursor };
  if (page?.nextAfter !== undefined && page.nextAfter !== null) return { after: page.nextAfter };
  return null;
}

/**
 * Reads the event log from the start, page by page, keeping the events `keep` accepts. The log has no
 * per-line filter, so this stops after `maxPages` and says whether it read everything.
 */
export async function scanEvents(keep, { maxPages = 10, limit = 200 } = {}) {
  const kept = [];
  let position = {};
  for (let page = 0; page < maxPages; page++) {
    const answer = await api('GET', '/v1/events', { query: { limit, ...position } });
    const items = answer?.data ?? [];
    for (const event of items) if (keep(event)) kept.push(event);
    const next = nextPage(answer);
    if (items.length < limit || !next) return { events: kept, complete: true };
    position = next;
  }
  return { events: kept, complete: false };
}

let carriersCache = null;
/** The tenant's carrier connections and capabilities; they change rarely, so one read per sign-in. */
export function carriers() {
  carriersCache ??= api('GET', '/v1/carriers').then((answer) => answer?.data ?? []);
  carriersCache.catch(() => {
    carriersCache = null;
  });
  return carriersCache;
}
export function forgetCarriers() {
  carriersCache = null;
}

let sandboxCache = null;
/**
 * GET /sandbox, the sandbox guide (it lists the simulated carriers), or null when this gateway is not in sandbox
 * mode. Truthy exactly in sandbox mode, so callers may use it as the mode too.
 */
export function sandboxMode() {
  sandboxCache ??= fetch('/sandbox', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) return null;
      const guide = await response.json();
      return Array.isArray(guide?.carriers) ? guide : null;
    })
    .catch(() => null);
  return sandboxCache;
}
