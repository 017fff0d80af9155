/** The OpenAPI document's header: title, description, servers, security. */
export function openapiInfo(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trading Pro API',
      version,
      description:
        'Broker-agnostic trading API: place, modify and cancel orders, read positions, executions and account state, and market data. ' +
        'Numeric enums as TradingView\'s broker API; times are Unix milliseconds UTC; every error is {error: {code, message, details?}}.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8000', description: 'Embedded default' }],
    tags: [
      { name: 'system', description: 'Health, versions and API documents' },
      { name: 'broker', description: "Orders, positions, executions and account of the credential's account" },
      { name: 'datafeed', description: "Market data in TradingView's datafeed shapes" },
    ],
    components: { securitySchemes: { bearerAuth: { type: 'http' as const, scheme: 'bearer', description: 'A token bound to one account (auth.mode: token)' } } },
    security: [{ bearerAuth: [] }],
  };
}
