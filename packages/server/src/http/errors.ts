/** Maps every failure to the contract's error shape and status, in one place. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode, TradingError, isTradingError } from '@trading-pro/contracts';

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | TradingError | Error, request, reply) => {
    const failure = toTradingError(error, request.url);
    if (failure.code === ErrorCode.INTERNAL_ERROR) request.log.error({ err: error }, 'unhandled error');
    if (failure.retryAfterS !== undefined) void reply.header('retry-after', String(Math.ceil(failure.retryAfterS)));
    return reply.status(failure.status).send(failure.toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(new TradingError(ErrorCode.NOT_FOUND, `no route ${request.method} ${request.url.split('?')[0]}`).toBody()),
  );
}

export function toTradingError(error: unknown, url = ''): TradingError {
  if (isTradingError(error)) return error;
  const e = error as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const where = e.validationContext ?? 'request';
    const details = e.validation.map((v) => {
      const path = `${where}${v.instancePath ?? ''}`;
      const extra = v.keyword === 'additionalProperties' ? ` (${String(v.params?.additionalProperty)})` : v.keyword === 'required' ? ` (${String(v.params?.missingProperty)})` : '';
      return { path, message: `${v.message ?? 'is invalid'}${extra}` };
    });
    const first = details[0];
    return new TradingError(ErrorCode.VALIDATION_ERROR, first ? `${first.path} ${first.message}` : 'invalid request', { details });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 404) return new TradingError(ErrorCode.NOT_FOUND, e.message || `not found: ${url}`);
  if (status >= 400 && status < 500) {
    // Malformed JSON, empty or oversized bodies, wrong content types: the request never reached a handler.
    return new TradingError(ErrorCode.VALIDATION_ERROR, e.message || 'invalid request');
  }
  return new TradingError(ErrorCode.INTERNAL_ERROR, 'internal error');
}
