/** The WebSocket wire protocol of CONTRACT.md §WebSocket: incoming frames, route params, outgoing frames. */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { ACCOUNT_ROUTES, WS_ROUTES, type WsRoute } from '@trading-pro/contracts';

const accountId = Type.String({ minLength: 1, maxLength: 64 });
const sinceSeq = Type.Optional(Type.Integer({ minimum: 0, description: 'Replay every later event of this route first (delivery option, not part of the topic)' }));

/** Subscribe params per route (`sinceSeq` is accepted on account routes and is not part of the topic). */
export const ROUTE_PARAMS = {
  orders: Type.Object({ accountId, sinceSeq }, { additionalProperties: false }),
  positions: Type.Object({ accountId, sinceSeq }, { additionalProperties: false }),
  executions: Type.Object({ accountId, symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), sinceSeq }, { additionalProperties: false }),
  equity: Type.Object({ accountId, sinceSeq }, { additionalProperties: false }),
  'broker-connection': Type.Object({ accountId, sinceSeq }, { additionalProperties: false }),
  bars: Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 64 }), resolution: Type.String({ minLength: 1, maxLength: 8 }) }, { additionalProperties: false }),
  quotes: Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
} as const;

const validators = Object.fromEntries(Object.entries(ROUTE_PARAMS).map(([route, schema]) => [route, Compile(schema)])) as Record<WsRoute, ReturnType<typeof Compile>>;

export type ClientMessage =
  | { readonly kind: 'subscribe' | 'unsubscribe'; readonly route: WsRoute; readonly params: Record<string, unknown>; readonly sinceSeq: number | undefined }
  | { readonly kind: 'invalid'; readonly code: string; readonly message: string; readonly route?: WsRoute; readonly action?: 'subscribe' | 'unsubscribe' };

const ROUTES = new Set<string>(WS_ROUTES);

/** Parses one text frame; never throws. */
export function parseClientMessage(text: string): ClientMessage {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { kind: 'invalid', code: 'INVALID_JSON', message: 'frame is not valid JSON' };
  }
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return { kind: 'invalid', code: 'VALIDATION_ERROR', message: 'frame must be an object {type, payload}' };
  const { type, payload } = frame as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string') return { kind: 'invalid', code: 'VALIDATION_ERROR', message: 'frame needs a string "type"' };
  const dot = type.lastIndexOf('.');
  const route = type.slice(0, dot);
  const action = type.slice(dot + 1);
  if (dot < 0 || !ROUTES.has(route) || (action !== 'subscribe' && action !== 'unsubscribe')) {
    return { kind: 'invalid', code: 'UNKNOWN_TYPE', message: `unknown message type "${type}"; expected <route>.subscribe or <route>.unsubscribe with route one of ${WS_ROUTES.join(', ')}` };
  }
  const wsRoute = route as WsRoute;
  const params = payload === undefined ? {} : payload;
  const validator = validators[wsRoute];
  if (!validator.Check(params)) {
    const first = [...validator.Errors(params)][0];
    const where = first?.instancePath ? `payload${first.instancePath.replace(/\//g, '.')}` : 'payload';
    return { kind: 'invalid', code: 'VALIDATION_ERROR', message: `${type}: ${where} ${first?.message ?? 'is invalid'}`, route: wsRoute, action };
  }
  const { sinceSeq: since, ...topicParams } = params as Record<string, unknown> & { sinceSeq?: number };
  return { kind: action, route: wsRoute, params: topicParams, sinceSeq: ACCOUNT_ROUTES.has(wsRoute) ? since : undefined };
}

export function responseFrame(route: WsRoute, action: 'subscribe' | 'unsubscribe', payload: { status: 'ok' | 'error'; topic: string; message: string; seq?: number; code?: string }): string {
  return JSON.stringify({ type: `${route}.${action}.response`, payload });
}

export function updateFrame(route: WsRoute, topic: string, data: unknown, seq: number | undefined): string {
  return JSON.stringify({ type: `${route}.update`, payload: seq === undefined ? { topic, payload: data } : { topic, payload: data, seq } });
}

export function errorFrame(code: string, message: string): string {
  return JSON.stringify({ type: 'error', payload: { code, message } });
}
