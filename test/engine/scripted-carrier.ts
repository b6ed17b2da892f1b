/**
 * A carrier plugin whose answers each test scripts: `submit`, `poll` and `findSubmission` call whatever the test put
 * in `script`, so a test can hold a carrier call open (await a promise it controls) or fail it exactly when it wants.
 * It implements the v1 spec like any other plugin; only its behaviour is the test's.
 */
import { z } from 'zod';
import type {
  CarrierAdapterV1,
  CarrierCapabilities,
  CarrierPluginV1,
  CarrierStatusUpdate,
  PollReference,
  SubmissionLookup,
  SubmitRequest,
  SubmitResult,
} from '../../src/core/index.js';

export interface CarrierScript {
  submit(request: SubmitRequest): Promise<SubmitResult>;
  poll(references: readonly PollReference[]): Promise<CarrierStatusUpdate[]>;
  findSubmission(request: SubmitRequest): Promise<SubmissionLookup>;
}

export interface ScriptedCarrier {
  plugin: CarrierPluginV1;
  script: CarrierScript;
  calls: { submit: number; poll: number; findSubmission: number };
}

const defaultCapabilities: CarrierCapabilities = {
  operations: ['activate', 'suspend', 'resume', 'cease'],
  esim: false,
  scheduling: [],
  callbacks: false,
  batchPolling: false,
  services: [],
  plans: { meaning: 'none' },
  reads: [],
};

const unscripted = (what: string) => () => Promise.reject(new Error(`the test did not script ${what}`));

/**
 * A plugin with id `pluginId`, answering as the returned `script` says (rewrite its members at any time);
 * `overrides` change its declared capabilities (e.g. batchPolling).
 */
export function createScriptedCarrier(
  pluginId = 'scripted',
  overrides: Partial<CarrierCapabilities> = {},
): ScriptedCarrier {
  const capabilities: CarrierCapabilities = { ...defaultCapabilities, ...overrides };
  const calls = { submit: 0, poll: 0, findSubmission: 0 };
  const script: CarrierScript = {
    submit: unscripted('submit'),
    poll: unscripted('poll'),
    findSubmission: unscripted('findSubmission'),
  };
  const adapter: CarrierAdapterV1 = {
    specVersion: 'v1',
    id: pluginId,
    capabilities,
    validate: () => ({ warnings: [] }),
    submit: (request) => {
      calls.submit++;
      return script.submit(request);
    },
    poll: (references) => {
      calls.poll++;
      return script.poll(references);
    },
    findSubmission: (request) => {
      calls.findSubmission++;
      return script.findSubmission(request);
    },
  };
  const plugin: CarrierPluginV1 = {
    specVersion: 'v1',
    id: pluginId,
    displayName: 'Scripted test carrier',
    capabilities,
    connectionConfigSchema: z.object({}),
    secretConfigFields: [],
    createAdapter: () => adapter,
  };
  return { plugin, script, calls };
}

/** A promise with its resolve and reject in hand, to hold a carrier call open until the test lets it go. */
export function gate<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}
