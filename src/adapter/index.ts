/**
 * `mvno-gateway/adapter`: everything a carrier plugin is written against — the versioned spec, its vocabulary and
 * canonical requests per kind, the errors, the HTTP transport and the phone-number helpers. Importing it loads no
 * engine, store or HTTP code (test/adapter/adapter-entry.test.ts keeps it so).
 */
export * from './errors.js';
export * from './numbers.js';
export * from './requests.js';
export * from './spec.js';
export * from './submit-request.js';
export * from './transport.js';
export * from './vocabulary.js';
