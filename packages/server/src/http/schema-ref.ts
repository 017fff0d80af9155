/** `$ref`s to the contract's shared schemas, so OpenAPI components carry their real names. */
export function ref(schema: object): { $ref: string } {
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id !== 'string') throw new Error('shared schemas need an $id');
  return { $ref: `${id}#` };
}

export function arrayOf(schema: object): { type: 'array'; items: { $ref: string } } {
  return { type: 'array', items: ref(schema) };
}
