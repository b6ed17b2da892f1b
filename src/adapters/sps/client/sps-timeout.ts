/**
 * Gives up on a carrier call after `timeoutMs`. The abort signal stops a real network request; the race also covers
 * a `fetch` that ignores signals (an in-process simulator holding its response), so a hung carrier never hangs us.
 */
export class SpsTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`SPS did not answer within ${timeoutMs} ms`);
    this.name = 'SpsTimeoutError';
  }
}

export async function fetchWithTimeout(
  fetchFunction: typeof globalThis.fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SpsTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetchFunction(url, { ...init, signal: controller.signal }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
