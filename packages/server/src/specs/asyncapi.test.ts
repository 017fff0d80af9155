import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { WS_ROUTES } from '@trading-pro/contracts';
import { buildAsyncApi } from './asyncapi.ts';

describe('AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0 for @asyncapi/parser, with no errors', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApi('0.0.0')));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('describes subscribe, unsubscribe, their responses and the update of every route', () => {
    const doc = buildAsyncApi('0.0.0') as { components: { messages: Record<string, { name: string }> } };
    const names = Object.values(doc.components.messages).map((m) => m.name);
    for (const route of WS_ROUTES) {
      for (const name of [`${route}.subscribe`, `${route}.subscribe.response`, `${route}.unsubscribe`, `${route}.unsubscribe.response`, `${route}.update`]) {
        expect(names).toContain(name);
      }
    }
    expect(names).toContain('error');
  });

  it('gives updates the contract payload schemas', () => {
    const doc = buildAsyncApi('0.0.0') as { components: { messages: Record<string, { payload: { properties: { payload: { properties: { payload: { $ref: string } } } } } }> } };
    expect(doc.components.messages.ordersUpdate?.payload.properties.payload.properties.payload.$ref).toBe('#/components/schemas/Order');
    expect(doc.components.messages.quotesUpdate?.payload.properties.payload.properties.payload.$ref).toBe('#/components/schemas/QuoteData');
  });
});
