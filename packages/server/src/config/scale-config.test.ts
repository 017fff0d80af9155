import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load-config.ts';

describe('storage and bus configuration', () => {
  it('stays embedded without configuration: SQLite under DATA_DIR and the in-process bus', () => {
    const config = loadConfig([], { DATA_DIR: '/tmp/tp' });
    expect(config.storage).toEqual({ driver: 'sqlite', path: '/tmp/tp/trading-pro.db', sync: 'normal' });
    expect(config.bus).toEqual({ driver: 'inprocess' });
  });

  it('takes postgres and nats with ${NAME:default} from the environment, without the defaults of the other driver', () => {
    const yaml = `
storage: { driver: postgres, url: "\${DATABASE_URL:postgres://postgres@127.0.0.1:5432/test}", schema: "\${PG_SCHEMA:trading}" }
bus: { driver: nats, servers: "\${NATS_URL:nats://127.0.0.1:4222}", prefix: "\${NATS_PREFIX:7}" }
`;
    expect(parseConfig(yaml, {})).toMatchObject({
      storage: { driver: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'trading' },
      bus: { driver: 'nats', servers: 'nats://127.0.0.1:4222', prefix: '7' },
    });
    const fromEnv = parseConfig(yaml, { DATABASE_URL: 'postgres://u:p@db:5432/prod', PG_SCHEMA: 'tp', NATS_URL: 'nats://a:4222,nats://b:4222' });
    expect(fromEnv.storage).toEqual({ driver: 'postgres', url: 'postgres://u:p@db:5432/prod', schema: 'tp' });
    expect(fromEnv.bus).toEqual({ driver: 'nats', servers: 'nats://a:4222,nats://b:4222', prefix: '7' });
    expect(parseConfig('bus: { driver: nats, servers: [nats://a:4222, nats://b:4222] }', {}).bus).toEqual({ driver: 'nats', servers: ['nats://a:4222', 'nats://b:4222'] });
  });

  it('names the key of a wrong storage or bus setting', () => {
    expect(() => parseConfig('storage: { driver: postgres }', {})).toThrow(ConfigError);
    expect(() => parseConfig('storage: { driver: postgres, url: "postgres://x", path: ./a.db }', {})).toThrow(/storage/);
    expect(() => parseConfig('bus: { driver: kafka }', {})).toThrow(/bus/);
    expect(() => parseConfig('storage: { driver: postgres, url: "postgres://x", schema: "a-b" }', {})).toThrow(/storage/);
  });
});
