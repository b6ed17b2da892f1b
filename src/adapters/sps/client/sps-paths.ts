import type { SpsApiName, SpsApiPrefixes } from '../sps-connection-config.js';

/**
 * The generated client speaks the pinned default paths (`/subscription/activate`, `/sim/simCheck`, …). Each carrier
 * connection may move every API under its own prefix; this maps a default path to the configured URL.
 */
const apiNames: readonly SpsApiName[] = ['subscription', 'portin', 'device', 'number', 'sim', 'profile', 'admin'];

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

export function resolveSpsUrl(baseUrl: string, prefixes: SpsApiPrefixes, defaultPathAndQuery: string): string {
  const firstSegment = defaultPathAndQuery.split(/[/?]/)[1] ?? '';
  const api = apiNames.find((name) => name === firstSegment);
  if (!api) return joinUrl(baseUrl, defaultPathAndQuery);
  return joinUrl(baseUrl, prefixes[api] + defaultPathAndQuery.slice(api.length + 1));
}
