/** Symbols in any case on input, canonical everywhere after: rewrites the symbol fields of a request before its handler. */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const FIELDS = ['symbol', 'positionId'] as const;

function rewrite(target: unknown, canonical: (symbol: string) => string): void {
  if (target === null || typeof target !== 'object') return;
  const record = target as Record<string, unknown>;
  for (const field of FIELDS) {
    const value = record[field];
    if (typeof value === 'string') record[field] = canonical(value);
  }
}

/**
 * A preHandler: `symbol` (query, body, path) and `positionId` (path) become their canonical spelling. A callback
 * hook rather than an async one: it never waits, and every request of the module passes through it.
 */
export function canonicalSymbols(canonical: ((symbol: string) => string) | undefined): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  return (request, _reply, done) => {
    if (canonical !== undefined) {
      rewrite(request.query, canonical);
      rewrite(request.params, canonical);
      rewrite(request.body, canonical);
    }
    done();
  };
}
