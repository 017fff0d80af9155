/**
 * The HTTP edge, before any route: security headers, the Host and Origin checks and CORS for the configured origins;
 * and the REST rate limit (a token bucket per credential, per client address in auth none) for /broker and /datafeed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import type { AppContext } from '../context.ts';
import type { OriginGuard } from './origin-guard.ts';
import { KeyedRateLimiter } from './rate-limit.ts';

/** The terminal is a same-origin single-page app: scripts, styles and connections from here only, never framed by others. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'SAMEORIGIN',
};

const CORS_METHODS = 'GET, POST, PUT, DELETE';
const CORS_HEADERS = 'authorization, content-type, x-account-id';
const CORS_EXPOSED = 'x-next-cursor, x-account-seq, retry-after';

export function registerEdge(app: FastifyInstance, options: { guard: OriginGuard }): void {
  const { guard } = options;

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.headers(SECURITY_HEADERS);
    try {
      guard.check(request.raw);
    } catch (error) {
      return done(error as Error);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && guard.allowsOrigin(origin)) {
      void reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', CORS_EXPOSED);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        void reply
          .status(204)
          .header('access-control-allow-methods', CORS_METHODS)
          .header('access-control-allow-headers', CORS_HEADERS)
          .header('access-control-max-age', '600')
          .send();
        return;
      }
    } else if (request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
      return done(new TradingError(ErrorCode.FORBIDDEN, `cross-origin requests from ${origin} are refused; list it in http.allowedOrigins`));
    }
    done();
  });
}

/**
 * The REST rate limit as a hook for the plugins whose routes it guards (`/broker`, `/datafeed`): registered there,
 * it runs on those routes only, after the edge checks. Undefined when limits are off.
 */
export function restRateLimit(context: AppContext): onRequestHookHandler | undefined {
  const limits = context.config.limits;
  if (!limits.enabled) return undefined;
  const limiter = new KeyedRateLimiter(limits.rest, context.now);
  const message = `too many requests: at most ${limits.rest.perSecond} per second (burst ${limits.rest.burst}); retry later`;
  return (request, _reply, done) => {
    const waitS = limiter.take(context.auth.limitKey(request, context.guard.clientAddress(request.raw)));
    if (waitS > 0) return done(new TradingError(ErrorCode.RATE_LIMITED, message, { retryAfterS: Math.max(1, Math.ceil(waitS)) }));
    done();
  };
}
