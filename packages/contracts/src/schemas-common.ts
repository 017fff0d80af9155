/** Shared request/response shapes: the error envelope, success flag, health and versions. */
import { Type } from 'typebox';

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable SNAKE_CASE code, e.g. VALIDATION_ERROR' }),
      message: Type.String({ description: 'Human-readable sentence' }),
      details: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), message: Type.String() }, { additionalProperties: true }))),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every error of the API' },
);
export type ErrorResponse = Type.Static<typeof ErrorResponseSchema>;

export const SuccessResponseSchema = Type.Object({ success: Type.Literal(true) }, { $id: 'SuccessResponse' });
export type SuccessResponse = Type.Static<typeof SuccessResponseSchema>;

export const HealthSchema = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String(),
    uptimeS: Type.Number(),
    brokers: Type.Array(Type.Object({ id: Type.String({ description: 'account id' }), status: Type.Integer({ description: 'ConnectionStatus' }) })),
  },
  { $id: 'Health' },
);
export type Health = Type.Static<typeof HealthSchema>;

export const VersionsSchema = Type.Object(
  { current: Type.String(), supported: Type.Array(Type.String()) },
  { $id: 'Versions' },
);
export type Versions = Type.Static<typeof VersionsSchema>;
