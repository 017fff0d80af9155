export * from './market/session.ts';
export * from './market/instrument.ts';
export * from './market/quote.ts';
