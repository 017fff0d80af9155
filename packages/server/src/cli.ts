#!/usr/bin/env node
/**
 * `trading-pro serve | specs | backtest`: the server's command line. Each command loads only what it needs
 * (the server pulls in every venue adapter; a backtest needs only the engine).
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config/load-config.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function serve(): Promise<void> {
  const [{ buildApp }, { loadConfig }] = await Promise.all([import('./app.ts'), import('./config/load-config.ts')]);
  const config = loadConfig();
  const { app } = await buildApp({ config });
  const stop = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  const url = address.replace('[::1]', 'localhost');
  process.stdout.write(`Trading Pro is ready at ${url}/ (API ${url}/api/v1, accounts: ${config.accounts.map((a) => a.id).join(', ')})\n`);
}

async function specs(): Promise<void> {
  const { writeSpecs } = await import('./specs/emit-specs.ts');
  for (const file of await writeSpecs(resolve(ROOT, 'specs'))) process.stdout.write(`wrote ${file}\n`);
}

const USAGE = 'usage: trading-pro serve [--config path.yaml] | specs | backtest --data bars.csv --strategy strategy.ts [options]';

async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  switch (command) {
    case 'serve':
      return serve();
    case 'specs':
      return specs();
    case 'backtest':
      return (await import('./backtest/backtest-command.ts')).backtest(argv.slice(1));
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && error.name === 'StoreLockedError')) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
