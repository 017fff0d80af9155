/**
 * Request validation: bodies are validated strictly (no type coercion, unknown fields rejected),
 * query strings and path params coerce strings to the declared scalar types.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { ALL_SCHEMAS } from '@trading-pro/contracts';

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, strict: false });
  for (const schema of ALL_SCHEMAS) ajv.addSchema(schema as object);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    const validate: ValidateFunction = ajv.compile(schema as object);
    return (data: unknown) => (validate(data) ? { value: data } : { error: validationError(validate.errors ?? []) });
  };
}

/** What Fastify expects of a failed validation, without a stack (it is the client's input that failed, not our code). */
function validationError(validation: unknown[]): Error {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return Object.assign(new Error('validation failed'), { validation });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
