import type { AdapterDependencies, CarrierAdapterV1, CarrierPluginV1, SameAccountMoveV1 } from '../adapter.js';
import { CarrierNotConfiguredError, GatewayError, NotFoundError, ValidationError } from '../errors.js';
import type { CallbackReplayRepository, CarrierConnection, CarrierConnectionRepository } from '../ports.js';

export interface ResolvedCarrier {
  connection: CarrierConnection;
  plugin: CarrierPluginV1;
  adapter: CarrierAdapterV1;
}

/**
 * Finds the carrier connection a request is for and the adapter that talks to it. Adapters are built once per
 * connection (an adapter keeps state worth keeping, such as an OAuth token) and rebuilt when the connection's
 * configuration changes.
 */
export interface CarrierDirectory {
  /** The tenant's connection named `name`, or its default connection when `name` is absent. */
  resolve(tenantId: string, name?: string): Promise<ResolvedCarrier>;
  /** A connection by id, any tenant (carrier callbacks name the connection). */
  byConnectionId(connectionId: string): Promise<ResolvedCarrier>;
  plugins(): readonly CarrierPluginV1[];
  /** How a line moves from `source` to `target` within one carrier account (the plugin's say), or null. */
  sameAccountMove(source: ResolvedCarrier, target: ResolvedCarrier): SameAccountMoveV1 | null;
  /** The adapter for a connection the caller has already read (e.g. joined to the line it acts on). */
  forConnection(connection: CarrierConnection): ResolvedCarrier;
  /**
   * The same directory (and adapters), reading connections through `connections`: inside a transaction, pass the
   * transaction's repository (on PGlite a read outside the transaction would wait for it forever).
   */
  reading(connections: CarrierConnectionRepository): CarrierDirectory;
}

export interface CarrierDirectoryOptions {
  connections: CarrierConnectionRepository;
  plugins: readonly CarrierPluginV1[];
  dependencies: AdapterDependencies;
  /**
   * Turns stored configuration into what the plugin's schema expects, e.g. replacing `{"env": "STN_API_KEY"}`
   * references with their values. Runtimes supply it; the default leaves configuration as stored.
   */
  resolveSecrets?: (config: Record<string, unknown>) => Record<string, unknown>;
  /** Where adapters remember accepted callbacks; each adapter gets a guard bound to its connection. */
  callbackReplays?: CallbackReplayRepository;
}

export function createCarrierDirectory(options: CarrierDirectoryOptions): CarrierDirectory {
  const pluginsById = new Map(options.plugins.map((plugin) => [plugin.id, plugin]));
  const built = new Map<string, { fingerprint: string; adapter: CarrierAdapterV1; config: unknown }>();

  function adapterFor(connection: CarrierConnection): ResolvedCarrier {
    const plugin = pluginsById.get(connection.carrier);
    if (!plugin) {
      throw new CarrierNotConfiguredError(
        `The carrier plugin "${connection.carrier}" is not installed on this gateway (connection "${connection.name}").`,
      );
    }
    const fingerprint = JSON.stringify(connection.config);
    const cached = built.get(connection.id);
    if (cached && cached.fingerprint === fingerprint) return { connection, plugin, adapter: cached.adapter };
    const resolved = options.resolveSecrets ? options.resolveSecrets(connection.config) : connection.config;
    const parsed = plugin.connectionConfigSchema.safeParse(resolved);
    if (!parsed.success) {
      throw new GatewayError(
        'internal',
        `Carrier connection "${connection.name}" is misconfigured: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      );
    }
    const replays = options.callbackReplays;
    const dependencies: AdapterDependencies = replays
      ? {
          ...options.dependencies,
          callbackReplays: {
            rememberOnce: (key, expiresAt, now) =>
              replays.rememberOnce({ connectionId: connection.id, key, expiresAt, now }),
          },
        }
      : options.dependencies;
    const adapter = plugin.createAdapter(parsed.data, dependencies);
    built.set(connection.id, { fingerprint, adapter, config: parsed.data });
    return { connection, plugin, adapter };
  }

  const readingFrom = (connections: CarrierConnectionRepository): CarrierDirectory => ({
    async resolve(tenantId, name) {
      const connection = name ? await connections.getByName(tenantId, name) : await connections.getDefault(tenantId);
      if (!connection) {
        if (!name) {
          throw new ValidationError('No carrier was named and your tenant has no default carrier connection.', [
            { pointer: '/carrier', detail: 'name a carrier connection' },
          ]);
        }
        const known = (await connections.list(tenantId)).map((candidate) => candidate.name);
        throw new ValidationError(
          `Unknown carrier "${name}"; your carrier connections: ${known.join(', ') || 'none'}.`,
          [{ pointer: '/carrier', detail: `unknown carrier connection "${name}"` }],
        );
      }
      return adapterFor(connection);
    },
    async byConnectionId(connectionId) {
      const connection = await connections.getById(connectionId);
      if (!connection) throw new NotFoundError('Carrier connection', connectionId);
      return adapterFor(connection);
    },
    plugins: () => options.plugins,
    sameAccountMove(source, target) {
      const plugin = source.plugin;
      if (plugin !== target.plugin || !plugin.sameAccountMove) return null;
      // Both were resolved through this directory, so their parsed configs are the ones their adapters use.
      const sourceConfig = built.get(source.connection.id)?.config;
      const targetConfig = built.get(target.connection.id)?.config;
      if (sourceConfig === undefined || targetConfig === undefined) return null;
      return plugin.sameAccountMove(sourceConfig, targetConfig);
    },
    forConnection: adapterFor,
    reading: readingFrom,
  });
  return readingFrom(options.connections);
}
