/**
 * JSON form of an engine state image (a snapshot): records in the journal's compact form, maps as entry lists.
 * Version 1 (records as objects) is still read. The lists of records are encoded as they are serialized (a slice at a
 * time by the account core's snapshots), not when the image is taken.
 */
import { JsonList } from '../json-list.ts';
import { decodeRecord, encodeEngineEvent } from './codec.ts';
import type { EngineStateImage } from './state.ts';

const VERSION = 2;
const READABLE = new Set([1, VERSION]);

export function encodeEngineImage(image: EngineStateImage): unknown {
  return {
    v: VERSION,
    balance: encodeEngineEvent({ type: 'balance', balance: image.balance }),
    orders: new JsonList(image.orders, (order) => encodeEngineEvent({ type: 'order', order })),
    executions: new JsonList(image.executions, (execution) => encodeEngineEvent({ type: 'execution', execution })),
    positions: new JsonList(image.positions, (position) => encodeEngineEvent({ type: 'position', position })),
    leverage: image.leverage,
    clientOrders: image.clientOrders,
    children: image.children,
    positionBrackets: image.positionBrackets,
    recentFinal: image.recentFinal,
    orderSeq: image.orderSeq,
    executionSeq: image.executionSeq,
    clock: image.clock,
  };
}

/** Inverse of `encodeEngineImage`; throws a RangeError on a malformed or unknown-version image. */
export function decodeEngineImage(json: unknown): EngineStateImage {
  if (typeof json !== 'object' || json === null) throw new RangeError('not an engine image');
  const raw = json as Record<string, unknown>;
  if (!READABLE.has(raw.v as number)) throw new RangeError(`engine image version ${String(raw.v)} is not one of ${[...READABLE].join(', ')}`);
  const list = (key: string): unknown[] => {
    const value = raw[key];
    if (!Array.isArray(value)) throw new RangeError(`engine image lacks ${key}`);
    return value;
  };
  const count = (key: string): number => {
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`engine image lacks ${key}`);
    return value;
  };
  return {
    balance: decodeRecord('balance', raw.balance),
    orders: list('orders').map((order) => decodeRecord('order', order)),
    executions: list('executions').map((execution) => decodeRecord('execution', execution)),
    positions: list('positions').map((position) => decodeRecord('position', position)),
    leverage: list('leverage') as [string, number][],
    clientOrders: list('clientOrders') as [string, string][],
    children: list('children') as [string, string[]][],
    positionBrackets: list('positionBrackets') as EngineStateImage['positionBrackets'][number][],
    recentFinal: list('recentFinal') as EngineStateImage['recentFinal'][number][],
    orderSeq: count('orderSeq'),
    executionSeq: count('executionSeq'),
    clock: count('clock'),
  };
}
