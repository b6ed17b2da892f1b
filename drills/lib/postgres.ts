/** A throwaway PostgreSQL database per drill, on the server `DRILLS_DATABASE_URL` names. */
import postgres from 'postgres';
import { randomHex } from './drill.js';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createThrowawayDatabase(serverUrl: string, purpose: string): Promise<ThrowawayDatabase> {
  const name = `drill_${purpose.replace(/[^a-z0-9]/g, '_')}_${randomHex(4)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleaner = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await cleaner.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await cleaner.end();
      }
    },
  };
}
