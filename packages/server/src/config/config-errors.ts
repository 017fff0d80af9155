/**
 * Turns a schema validator's error list into the one line a person needs: the dotted key path and what is wrong
 * ("unknown key — did you mean commission?", "must be one of sqlite, postgres"), instead of every failed branch.
 */
import { didYouMean } from './did-you-mean.ts';

export interface SchemaError {
  readonly keyword: string;
  readonly schemaPath: string;
  readonly instancePath: string;
  readonly params: unknown;
  readonly message: string;
}

export interface ConfigProblem {
  /** Dotted key path, arrays as `[i]` (`brokers.paper.commission`, `accounts[0].broker`). */
  readonly key: string;
  readonly message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function segments(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/accounts/0/broker` → `accounts[0].broker`. */
export function keyOf(pointer: string): string {
  return segments(pointer).reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '') || '(root)';
}

function schemaAt(schema: unknown, schemaPath: string): unknown {
  let node = schema;
  for (const part of segments(schemaPath)) node = isRecord(node) ? node[part] : Array.isArray(node) ? (node as unknown[])[Number(part)] : undefined;
  return node;
}

function listOf(params: unknown, name: string): string[] {
  return isRecord(params) && Array.isArray(params[name]) ? params[name].map(String) : [];
}

function allowedValue(error: SchemaError): string {
  return isRecord(error.params) ? String(error.params.allowedValue) : '?';
}

const depth = (error: SchemaError): number => segments(error.instancePath).length;

/**
 * Resolves unions: a union of literals becomes "must be one of …"; in a union of objects told apart by a literal
 * (`storage.driver`), only the branch the value chose is reported, or the literal's choices when it chose none.
 */
function resolveUnions(errors: readonly SchemaError[]): SchemaError[] {
  let remaining = [...errors];
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (!remaining.includes(union)) continue;
    const prefix = `${union.schemaPath}/anyOf/`;
    const inside = remaining.filter((e) => e.schemaPath.startsWith(prefix));
    const branches = new Map<string, SchemaError[]>();
    for (const error of inside) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const literal = (error: SchemaError, branch: string) => error.keyword === 'const' && error.schemaPath === `${prefix}${branch}`;
    const discriminant = (error: SchemaError, branch: string) => error.keyword === 'const' && new RegExp(`^${escape(prefix)}${branch}/properties/[^/]+$`).test(error.schemaPath);
    const entries = [...branches.entries()];
    remaining = remaining.filter((e) => e !== union && !inside.includes(e));
    if (entries.length > 0 && entries.every(([branch, list]) => list.every((e) => literal(e, branch)))) {
      const values = entries.flatMap(([, list]) => list.map(allowedValue));
      remaining.push({ ...union, keyword: 'enum', message: `must be one of ${values.join(', ')}` });
      continue;
    }
    const chosen = entries.filter(([branch, list]) => !list.some((e) => discriminant(e, branch)));
    if (chosen.length > 0) {
      remaining.push(...chosen.flatMap(([, list]) => list));
      continue;
    }
    const choices = entries.flatMap(([branch, list]) => list.filter((e) => discriminant(e, branch)));
    const at = choices[0];
    if (at) remaining.push({ ...at, keyword: 'enum', message: `must be one of ${choices.map(allowedValue).join(', ')}` });
    else remaining.push(union);
  }
  return remaining;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The one problem to report: an unknown key first (the likeliest typo), else the deepest error. */
export function describeErrors(schema: unknown, errors: readonly SchemaError[]): ConfigProblem {
  const relevant = resolveUnions(errors.filter((e) => e.keyword !== 'boolean'));
  const unknown = relevant.filter((e) => e.keyword === 'additionalProperties').sort((a, b) => depth(b) - depth(a))[0];
  if (unknown) {
    const name = listOf(unknown.params, 'additionalProperties')[0] ?? '?';
    const node = schemaAt(schema, unknown.schemaPath);
    const known = isRecord(node) && isRecord(node.properties) ? Object.keys(node.properties) : [];
    const hint = didYouMean(name, known);
    const message = hint !== '' ? `unknown key${hint}` : `unknown key; known keys: ${known.join(', ')}`;
    return { key: keyOf(`${unknown.instancePath}/${name}`), message };
  }
  const first = [...relevant].sort((a, b) => depth(b) - depth(a))[0];
  if (!first) return { key: '(root)', message: 'invalid' };
  const required = listOf(first.params, 'requiredProperties')[0];
  if (required !== undefined) return { key: keyOf(`${first.instancePath}/${required}`), message: 'is required' };
  return { key: keyOf(first.instancePath), message: first.message };
}
