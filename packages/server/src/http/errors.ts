/** Maps every failure to the contract's error shape and status, in one place (framework and parser errors too). */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, TradingError, isTradingError } from '@trading-pro/contracts';
import { collapseEnumErrors, type ValidatorError } from './enum-errors.ts';


/** Request failures whose HTTP status says more than 400 does; their code stays VALIDATION_ERROR. */
const KEPT_STATUSES = new Set([413, 414, 415, 431]);

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | TradingError | Error, request, reply) => sendError(reply, request, error));
  app.setNotFoundHandler((request, reply) => reply.status(404).send(routeNotFound(request).toBody()));
}

export function routeNotFound(request: FastifyRequest): TradingError {
  return new TradingError(ErrorCode.NOT_FOUND, `no route ${request.method} ${request.url.split('?')[0]}`);
}

/** Sends `error` with its contract status; `body` shapes it for routes that speak another protocol (UDF). */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown, body: (failure: TradingError) => object = (failure) => failure.toBody()): FastifyReply {
  const failure = toTradingError(error, request.url);
  if (failure.code === ErrorCode.INTERNAL_ERROR) request.log.error({ err: error }, 'unhandled error');
  if (failure.retryAfterS !== undefined) void reply.header('retry-after', String(Math.ceil(failure.retryAfterS)));
  return reply.status(statusOf(error, failure)).send(body(failure));
}

/** Fastify's `frameworkErrors`: bad percent-encoding and over-long path parameters, before any route runs. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const failure =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? Object.assign(new TradingError(ErrorCode.VALIDATION_ERROR, 'a path parameter is too long'), { statusCode: 414 })
      : new TradingError(ErrorCode.VALIDATION_ERROR, `malformed URL ${JSON.stringify(request.raw.url ?? '')}: bad percent-encoding`);
  void sendError(reply, request, failure);
}

/** Node's parser errors (malformed request lines, oversized heads): answered in the contract's shape, then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message = status === 431 ? 'request head too large' : status === 408 ? 'request head not received in time' : 'malformed HTTP request';
  const body = JSON.stringify({ error: { code: ErrorCode.VALIDATION_ERROR, message } });
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function statusOf(error: unknown, failure: TradingError): number {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && KEPT_STATUSES.has(status) && failure.code === ErrorCode.VALIDATION_ERROR ? status : failure.status;
}

export function toTradingError(error: unknown, url = ''): TradingError {
  if (isTradingError(error)) return error;
  const e = error as FastifyError & { validation?: ValidatorError[]; validationContext?: string };
  if (Array.isArray(e.validation)) {
    const where = e.validationContext ?? 'request';
    const details = collapseEnumErrors(e.validation).map((v) => {
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
