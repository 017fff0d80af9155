/**
 * Collapses the errors a schema validator reports for a value outside a union of literals (one "must be number" and
 * one "must be equal to constant" per allowed value, then "must match a schema in anyOf") into one sentence:
 * `side must be 1 (buy) or -1 (sell)`, naming the contract's enumeration members where the values are one.
 */
import { OrderStatus, OrderType, ParentType, Side, TimeInForce } from '@trading-pro/contracts';

export interface ValidatorError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

const ENUMS: readonly Readonly<Record<string, number | string>>[] = [Side, OrderType, OrderStatus, ParentType, TimeInForce];

/** `StopLimit` → `stop limit`. */
function spoken(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function describe(values: readonly unknown[]): string {
  const known = ENUMS.find((members) => {
    const own = Object.values(members);
    return own.length === values.length && values.every((value) => own.includes(value as number | string));
  });
  const labels = values.map((value) => {
    const name = known ? Object.entries(known).find(([, member]) => member === value)?.[0] : undefined;
    const shown = JSON.stringify(value);
    return name === undefined || typeof value === 'string' ? shown : `${shown} (${spoken(name)})`;
  });
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1) ?? ''}`;
}

/** The same errors, with each union of literals that failed reduced to one `must be … or …` error. */
export function collapseEnumErrors(errors: readonly ValidatorError[]): ValidatorError[] {
  const out: ValidatorError[] = [];
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath ?? ''));
  const done = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath ?? '';
    const atUnion = unions.has(path);
    const samePath = errors.filter((e) => (e.instancePath ?? '') === path);
    const literals = samePath.filter((e) => e.keyword === 'const');
    const onlyLiterals = atUnion && literals.length > 0 && samePath.every((e) => e.keyword === 'const' || e.keyword === 'type' || e.keyword === 'anyOf');
    if (!onlyLiterals) {
      out.push(error);
      continue;
    }
    if (done.has(path)) continue;
    done.add(path);
    out.push({ instancePath: path, keyword: 'enum', message: `must be ${describe(literals.map((e) => e.params?.allowedValue))}` });
  }
  return out;
}
