/** JSON form of engine events for the journal: bigints become decimal strings, everything else stays as is. */
import type { BalanceRecord, EngineEvent, ExecutionRecord, LeverageRecord, OrderRecord, PositionRecord } from './records.ts';

const BIGINT_FIELDS: Record<EngineEvent['type'], readonly string[]> = {
  order: ['qty', 'limitPrice', 'stopPrice', 'filledQty', 'filledNotional', 'takeProfit', 'stopLoss', 'commission', 'reservePrice'],
  execution: ['price', 'qty', 'commission'],
  position: ['qty', 'avgPrice'],
  balance: ['balance', 'realizedPL', 'commissionPaid'],
  leverage: [],
};

const REQUIRED_FIELDS: Record<EngineEvent['type'], readonly string[]> = {
  order: ['id', 'seq', 'symbol', 'type', 'side', 'qty', 'status', 'filledQty', 'filledNotional', 'duration', 'commission', 'createTime', 'updateTime', 'triggered', 'activeAt'],
  execution: ['id', 'seq', 'orderId', 'symbol', 'side', 'price', 'qty', 'commission', 'time'],
  position: ['symbol', 'qty', 'side', 'avgPrice', 'updateTime'],
  balance: ['balance', 'realizedPL', 'commissionPaid', 'time'],
  leverage: ['symbol', 'leverage', 'time'],
};

/**
 * Each kind of record's fields in the order of its compact form: the fields every record has first, the optional
 * ones after, the rarest last (trailing absent fields are left out). The order is the journal's format: a field
 * added later goes at the end of its list, or journals already written would read into the wrong fields.
 */
const FIELDS = {
  order: [
    'id', 'seq', 'symbol', 'type', 'side', 'qty', 'status', 'filledQty', 'filledNotional', 'duration', 'commission', 'createTime', 'updateTime', 'triggered', 'activeAt',
    'limitPrice', 'stopPrice', 'reservePrice', 'clientOrderId', 'requestKey', 'takeProfit', 'stopLoss', 'trailingStopPips', 'parentId', 'parentType', 'bracketRole',
    'expireAt', 'extendedHours', 'rejectReason', 'rejectCode', 'reduceOnly', 'reverse', 'liquidation',
  ],
  execution: ['id', 'seq', 'orderId', 'symbol', 'side', 'price', 'qty', 'commission', 'time'],
  position: ['symbol', 'qty', 'side', 'avgPrice', 'updateTime'],
  balance: ['balance', 'realizedPL', 'commissionPaid', 'time'],
  leverage: ['symbol', 'leverage', 'time'],
} as const satisfies { readonly [T in EngineEvent['type']]: readonly (keyof RecordOf<T>)[] };

type RecordOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }> extends { readonly [K in T]: infer R } ? R : never;
type Unlisted<T extends EngineEvent['type']> = Exclude<keyof RecordOf<T>, (typeof FIELDS)[T][number]>;
/** Fails to compile when a record gains a field its compact form does not list. */
export const COMPACT_FIELDS_COMPLETE: { readonly [T in EngineEvent['type']]: [Unlisted<T>] extends [never] ? true : Unlisted<T> } = {
  order: true,
  execution: true,
  position: true,
  balance: true,
  leverage: true,
};

const TAGS = { order: 'o', execution: 'x', position: 'p', balance: 'b', leverage: 'l' } as const satisfies Record<EngineEvent['type'], string>;
const TYPE_OF_TAG = new Map<unknown, EngineEvent['type']>(Object.entries(TAGS).map(([type, tag]) => [tag, type as EngineEvent['type']]));

/**
 * The journal's form of an event: `[tag, ...fields]` in the order `FIELDS` lists them, bigints as decimal strings,
 * absent fields as null (trailing ones left out). An order takes about 40% of the bytes of its record as an object.
 * Written out per kind of record (reading each field by name is several times faster than looking names up in a
 * list); the round-trip test with every field set holds them to `FIELDS`.
 */
export function encodeEngineEvent(event: EngineEvent): unknown {
  switch (event.type) {
    case 'order':
      return encodeOrder(event.order);
    case 'execution': {
      const x = event.execution;
      return [TAGS.execution, x.id, x.seq, x.orderId, x.symbol, x.side, x.price.toString(), x.qty.toString(), x.commission.toString(), x.time];
    }
    case 'position': {
      const p = event.position;
      return [TAGS.position, p.symbol, p.qty.toString(), p.side, p.avgPrice.toString(), p.updateTime];
    }
    case 'balance': {
      const b = event.balance;
      return [TAGS.balance, b.balance.toString(), b.realizedPL.toString(), b.commissionPaid.toString(), b.time];
    }
    case 'leverage': {
      const l = event.leverage;
      return [TAGS.leverage, l.symbol, l.leverage, l.time];
    }
  }
}

const text = (value: bigint | undefined): string | null => (value === undefined ? null : value.toString());
const given = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

function encodeOrder(o: OrderRecord): unknown[] {
  const out: unknown[] = [
    TAGS.order, o.id, o.seq, o.symbol, o.type, o.side, o.qty.toString(), o.status, o.filledQty.toString(), o.filledNotional.toString(), o.duration, o.commission.toString(), o.createTime, o.updateTime, o.triggered, o.activeAt,
    text(o.limitPrice), text(o.stopPrice), text(o.reservePrice), given(o.clientOrderId), given(o.requestKey), text(o.takeProfit), text(o.stopLoss), given(o.trailingStopPips), given(o.parentId), given(o.parentType), given(o.bracketRole),
    given(o.expireAt), given(o.extendedHours), given(o.rejectReason), given(o.rejectCode), given(o.reduceOnly), given(o.reverse), given(o.liquidation),
  ];
  let length = out.length;
  while (out[length - 1] === null) length -= 1;
  out.length = length;
  return out;
}


/**
 * One kind of record from its compact form (`encodeEngineEvent`'s) or the object form earlier journals and images
 * hold (bigints as decimal strings, absent fields left out); throws a RangeError naming the problem.
 */
export function decodeRecord<T extends EngineEvent['type']>(type: T, json: unknown): Extract<EngineEvent, { type: T }> extends { [K in T]: infer R } ? R : never {
  const event = decodeEngineEvent(Array.isArray(json) ? json : { type, [type]: json });
  if (event.type !== type) throw new RangeError(`engine event ${event.type} is not ${type}`);
  return (event as unknown as Record<string, unknown>)[type] as never;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Inverse of `encodeEngineEvent`; also reads the object form `{type, <type>: {...}}` journals were written in before
 * the compact one. Throws a RangeError naming the problem on malformed input.
 */
export function decodeEngineEvent(json: unknown): EngineEvent {
  if (Array.isArray(json)) return decodeCompact(json);
  if (!isRecord(json) || typeof json.type !== 'string' || !(json.type in BIGINT_FIELDS)) {
    throw new RangeError('not an engine event');
  }
  const type = json.type as EngineEvent['type'];
  const raw = json[type];
  if (!isRecord(raw)) throw new RangeError(`engine event ${type} has no record`);
  return typed(type, { ...raw });
}

function decodeCompact(json: readonly unknown[]): EngineEvent {
  const type = TYPE_OF_TAG.get(json[0]);
  if (type === undefined) throw new RangeError('not an engine event');
  const fields: readonly string[] = FIELDS[type];
  if (json.length > fields.length + 1) throw new RangeError(`engine event ${type} has ${json.length - 1} fields, at most ${fields.length}`);
  const record: Record<string, unknown> = {};
  for (let at = 1; at < json.length; at++) {
    const value = json[at];
    if (value !== null && value !== undefined) record[fields[at - 1] as string] = value;
  }
  return typed(type, record);
}

/** Checks a decoded record's required fields, turns its bigint fields back into bigints, and types it. */
function typed(type: EngineEvent['type'], record: Record<string, unknown>): EngineEvent {
  for (const field of REQUIRED_FIELDS[type]) {
    if (record[field] === undefined) throw new RangeError(`engine event ${type} lacks ${field}`);
  }
  for (const field of BIGINT_FIELDS[type]) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new RangeError(`engine event ${type}.${field} is not an integer string`);
    record[field] = BigInt(value);
  }
  switch (type) {
    case 'order':
      return { type, order: record as unknown as OrderRecord };
    case 'execution':
      return { type, execution: record as unknown as ExecutionRecord };
    case 'position':
      return { type, position: record as unknown as PositionRecord };
    case 'balance':
      return { type, balance: record as unknown as BalanceRecord };
    case 'leverage':
      return { type, leverage: record as unknown as LeverageRecord };
  }
}
