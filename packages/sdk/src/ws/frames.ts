/** Parses the server's WebSocket frames (CONTRACT.md §WebSocket); anything unrecognised is ignored, never thrown. */
import { WS_ROUTES } from '@trading-pro/contracts';
import type { StreamRoute } from './routes.ts';

export type ServerFrame =
  | { readonly kind: 'subscribed'; readonly route: StreamRoute; readonly topic: string; readonly ok: boolean; readonly message: string; readonly seq: number | undefined; readonly code: string | undefined }
  | { readonly kind: 'unsubscribed'; readonly route: StreamRoute; readonly topic: string; readonly ok: boolean }
  | { readonly kind: 'update'; readonly route: StreamRoute; readonly topic: string; readonly data: unknown; readonly seq: number | undefined }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

const ROUTES = new Set<string>(WS_ROUTES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRoute(value: string): value is StreamRoute {
  return ROUTES.has(value);
}

export function parseServerFrame(text: string): ServerFrame | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(frame) || typeof frame.type !== 'string' || !isRecord(frame.payload)) return undefined;
  const { type, payload } = frame;
  if (type === 'error') return { kind: 'error', code: String(payload.code ?? 'ERROR'), message: String(payload.message ?? '') };
  const [route = '', action, response] = type.split('.');
  if (!isRoute(route) || typeof payload.topic !== 'string') return undefined;
  const seq = typeof payload.seq === 'number' ? payload.seq : undefined;
  if (action === 'update' && response === undefined) return { kind: 'update', route, topic: payload.topic, data: payload.payload, seq };
  if (response !== 'response') return undefined;
  const ok = payload.status === 'ok';
  const code = typeof payload.code === 'string' ? payload.code : undefined;
  if (action === 'subscribe') return { kind: 'subscribed', route, topic: payload.topic, ok, message: String(payload.message ?? ''), seq, code };
  if (action === 'unsubscribe') return { kind: 'unsubscribed', route, topic: payload.topic, ok };
  return undefined;
}
