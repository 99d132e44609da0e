// Lookups that pages need on every request but that rarely change (a space by its slug, a space's
// frameworks, a framework's items) are kept in the process and dropped when their tables change.
//
// How a change is noticed, in every process that shares the database: migration 0011 puts a statement-level
// trigger on each watched table that sends NOTIFY convene_change with the table's name when a transaction
// commits; each process LISTENs on one dedicated connection. A process also drops its own entries the moment
// it sends a write to a watched table (seen through Drizzle's logger), so its next page never waits for the
// notification. While the listening connection is down nothing is cached (every lookup goes to the database),
// and everything is dropped when it comes back. Entries also expire after a minute, as a last safety net.
import pg from "pg";
import type { Database } from "./client";

const CHANNEL = "convene_change";
const ENTRY_TTL_MS = 60_000;
const RECONNECT_MS = 1000;

type Entry = { value: Promise<unknown>; expiresAt: number };

/** One database's invalidation hub: the LISTEN connection and the caches that depend on each table. */
export class ChangeFeed {
  private readonly dependents = new Map<string, Set<Map<unknown, Entry>>>();
  private client: pg.Client | undefined;
  private isListening = false;
  private isClosed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  /** Opens the LISTEN connection; lookups are cached only while it is up. */
  async start(): Promise<void> {
    if (this.isClosed) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    const lost = () => {
      if (this.client !== client) return;
      this.isListening = false;
      this.client = undefined;
      this.dropAll();
      client.end().catch(() => undefined);
      if (!this.isClosed) this.reconnectTimer = setTimeout(() => void this.start(), RECONNECT_MS);
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      if (message.channel === CHANNEL && message.payload) this.tableChanged(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      // Anything cached before this moment may have missed a notification.
      this.dropAll();
      this.isListening = true;
    } catch {
      lost();
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.isListening = false;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.dropAll();
    await client?.end().catch(() => undefined);
  }

  get isActive(): boolean {
    return this.isListening;
  }

  /** Registers a cache's entry map as depending on `tables`. */
  watch(tables: readonly string[], entries: Map<unknown, Entry>): void {
    for (const table of tables) {
      const set = this.dependents.get(table) ?? new Set();
      set.add(entries);
      this.dependents.set(table, set);
    }
  }

  /** Drops every entry that depends on `table`. */
  tableChanged(table: string): void {
    for (const entries of this.dependents.get(table) ?? []) entries.clear();
  }

  /** Called with every SQL text this process sends: a write to a watched table drops its dependents at once. */
  noticeStatement(text: string): void {
    const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?([a-z_][a-z0-9_]*)"?/i.exec(text);
    if (match && this.dependents.has(match[1].toLowerCase())) this.tableChanged(match[1].toLowerCase());
  }

  private dropAll(): void {
    for (const set of this.dependents.values()) for (const entries of set) entries.clear();
  }
}

const feeds = new WeakMap<object, ChangeFeed>();

/** Ties a Drizzle database to its change feed (client.ts does this when it connects). */
export function attachChangeFeed(db: Database, feed: ChangeFeed): void {
  feeds.set(db, feed);
}

export type CachedLookup<K, V> = (db: Database, key: K) => Promise<V>;

/**
 * Wraps `load` in a per-database cache keyed by `key` (a string or number), dropped when any of `tables`
 * changes. Inside a transaction (a `tx`, which is not the connected database) the cache is bypassed, so a
 * command always reads its own writes. Errors are not cached. At most `maxEntries` keys are kept.
 */
export function cachedLookup<K extends string | number, V>(tables: readonly string[], load: (db: Database, key: K) => Promise<V>, maxEntries = 2000): CachedLookup<K, V> {
  const caches = new WeakMap<ChangeFeed, Map<unknown, Entry>>();
  return (db, key) => {
    const feed = feeds.get(db);
    if (!feed || !feed.isActive) return load(db, key);
    let entries = caches.get(feed);
    if (!entries) {
      entries = new Map();
      caches.set(feed, entries);
      feed.watch(tables, entries);
    }
    const now = Date.now();
    const found = entries.get(key);
    if (found && found.expiresAt > now) return found.value as Promise<V>;
    if (entries.size >= maxEntries) entries.clear();
    // Frozen, so a caller that sorts or edits what it got cannot change what the next request sees.
    const value = load(db, key).then(deepFreeze);
    const entry = { value, expiresAt: now + ENTRY_TTL_MS };
    entries.set(key, entry);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
