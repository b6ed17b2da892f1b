/**
 * What stops the gateway at start, said in one line that names the variable to look at, with an exit code from
 * sysexits(3) so supervisors and scripts can tell a bad setting from a missing dependency:
 *
 * - 78 (EX_CONFIG): a variable is invalid (`loadConfig`'s ConfigError).
 * - 69 (EX_UNAVAILABLE): something the gateway needs is not there: the database cannot be reached or refuses us,
 *   or the port cannot be listened on.
 * - 73 (EX_CANTCREAT): the embedded database's DATA_DIR cannot be created or opened.
 *
 * Anything else is a bug and keeps its stack trace (exit 1).
 */
export const exitCodes = { config: 78, unavailable: 69, cannotCreate: 73 } as const;

export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface SystemError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  severity?: unknown;
}

/** The error and its causes, outermost first (drizzle wraps the driver's error as `cause`). */
function causeChain(error: unknown): SystemError[] {
  const chain: SystemError[] = [];
  let current = error;
  while (typeof current === 'object' && current !== null && chain.length < 10) {
    chain.push(current as SystemError);
    current = (current as SystemError).cause;
  }
  return chain;
}

const networkWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  CONNECT_TIMEOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CONNECTION_CLOSED: 'connection closed by the server',
  CONNECTION_ENDED: 'connection closed by the server',
};

/** The server address in a database URL, without its user name or password. */
function serverOf(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  } catch {
    return 'the database';
  }
}

/**
 * Opening PostgreSQL failed: unreachable (refused, unknown host, timeout) or refused by the server (no such
 * database, authentication). The server's own words are used for the latter; they name the role or database,
 * never a password.
 */
export function databaseStartupError(error: unknown, databaseUrl: string): StartupError | null {
  for (const cause of causeChain(error)) {
    const code = typeof cause.code === 'string' ? cause.code : '';
    const why =
      networkWords[code] ??
      // SQLSTATE 28 (authorisation), 3D000 (no such database), 53300 (too many connections), 57P03 (starting up)
      (/^(28|3D|53300|57P0)/.test(code) && typeof cause.message === 'string' ? cause.message : undefined);
    if (why) {
      return new StartupError(
        `DATABASE_URL: cannot connect to ${serverOf(databaseUrl)} (${why})`,
        exitCodes.unavailable,
      );
    }
  }
  return null;
}

const fileWords: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'a file of that name is in the way',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** Creating or opening the embedded database's folder failed. */
export function dataDirStartupError(error: unknown, dataDir: string): StartupError | null {
  for (const cause of causeChain(error)) {
    const why = typeof cause.code === 'string' ? fileWords[cause.code] : undefined;
    if (why) return new StartupError(`DATA_DIR: cannot open ${dataDir} (${why})`, exitCodes.cannotCreate);
  }
  return null;
}

/** `listen` failed: the port is taken or privileged, or HOST is not an address of this machine. */
export function listenStartupError(error: unknown, host: string, port: number): StartupError | null {
  const code = (error as SystemError | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(`PORT: ${port} is already in use`, exitCodes.unavailable);
    case 'EACCES':
      return new StartupError(
        `PORT: ${port} cannot be listened on by this user (permission denied)`,
        exitCodes.unavailable,
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST: ${host} is not an address of this machine`, exitCodes.unavailable);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`HOST: ${host} cannot be resolved`, exitCodes.unavailable);
    default:
      return null;
  }
}
