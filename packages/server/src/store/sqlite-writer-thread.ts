/**
 * The SQLite account store's writer thread: commits the batches the store sends, or checkpoints the log when
 * asked, one request at a time, and answers each with its outcome. Its fsyncs happen here, never on the event loop.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteJournalWriter, configureWriter, type WriteBatch, type WriterOptions } from './sqlite-journal-writer.ts';

export type WriterCommand = { readonly type: 'write'; readonly batch: WriteBatch; readonly generation: number } | { readonly type: 'probe'; readonly time: number } | { readonly type: 'checkpoint' } | { readonly type: 'close' };
export type WriterRequest = WriterCommand & { readonly id: number };
export interface WriterReply {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

if (parentPort !== null) {
  const port = parentPort;
  const { path, options } = workerData as { path: string; options: WriterOptions };
  const db = new DatabaseSync(path);
  configureWriter(db, options);
  const writer = new SqliteJournalWriter(db);
  port.on('message', (request: WriterRequest) => {
    if (request.type === 'close') {
      db.close();
      port.postMessage({ id: request.id } satisfies WriterReply);
      port.close();
      return;
    }
    try {
      if (request.type === 'write') writer.write(request.batch, request.generation);
      else if (request.type === 'checkpoint') writer.checkpoint();
      else writer.probe(request.time);
      port.postMessage({ id: request.id } satisfies WriterReply);
    } catch (error) {
      const failure = error as { message?: unknown; code?: unknown };
      port.postMessage({
        id: request.id,
        error: { message: String(failure.message ?? error), ...(typeof failure.code === 'string' ? { code: failure.code } : {}) },
      } satisfies WriterReply);
    }
  });
}
