import { describe, expect, it } from 'vitest';
import { ErrorCode, TradingError } from './errors.ts';

describe('TradingError', () => {
  it("carries no stack for a client's mistake (4xx), and a stack for the server's failures (5xx)", () => {
    const refused = new TradingError(ErrorCode.VALIDATION_ERROR, 'qty must be positive');
    expect(refused.stack).toBe('TradingError: qty must be positive');
    expect(refused.status).toBe(400);
    const failed = new TradingError(ErrorCode.STORAGE_UNAVAILABLE, 'the journal cannot commit');
    expect(failed.stack).toMatch(/^TradingError: the journal cannot commit\n\s+at /);
    // The limit is restored for every other error.
    expect(new Error('other').stack).toMatch(/\n\s+at /);
  });
});
