/**
 * The account store a configuration names: SQLite (embedded, the default) or PostgreSQL (shared by processes; its
 * client is imported only then).
 */
import type { AccountStore } from '@trading-pro/brokers';
import type { Config } from '../config/schema.ts';
import type { StorageHealth } from './journal-rows.ts';
import { SqliteAccountStore } from './sqlite-account-store.ts';

/** What the server needs of a store besides the account core's interface. */
export interface ServerAccountStore extends AccountStore {
  /** Whether the last commit succeeded. */
  health(): StorageHealth;
  /** Commits what was appended, then closes. */
  close(): Promise<void>;
}

export async function openStore(storage: Config['storage']): Promise<ServerAccountStore> {
  if (storage.driver === 'sqlite') return new SqliteAccountStore(storage.path, { sync: storage.sync });
  const { PostgresAccountStore } = await import('./postgres-account-store.ts');
  try {
    return await PostgresAccountStore.open({ url: storage.url, ...(storage.schema === undefined ? {} : { schema: storage.schema }) });
  } catch (error) {
    throw new Error(`storage: cannot open PostgreSQL at ${redactUrl(storage.url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}
