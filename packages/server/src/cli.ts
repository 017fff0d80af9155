#!/usr/bin/env node
/**
 * `trading-pro serve | cluster | specs | backtest | run` and the client commands (alone: the usage): the server's command line. Each command loads only what it needs
 * (the server pulls in every venue adapter; a backtest needs only the engine).
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

async function serve(): Promise<void> {
  const [{ buildApp }, { loadConfig }, { logFormatOf }] = await Promise.all([import('./app.ts'), import('./config/load-config.ts'), import('./http/logger-options.ts')]);
  const config = loadConfig();
  const { app } = await buildApp({ config, logFormat: logFormatOf(process.env, process.stdout.isTTY === true) });
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

const USAGE = `Usage: trading-pro <command>

  serve [--config path.yaml]     start the server (TRADING_PRO_CONFIG, HOST, PORT, DATA_DIR;
                                 LOG_FORMAT=pretty|json, default pretty on a terminal)
  cluster --processes N --port P [--config path.yaml]
                                 N servers on ports P+1..P+N behind nginx on P (--help: more)
  specs                          write specs/openapi.json and specs/asyncapi.json
  backtest --data bars.csv --strategy strategy.ts [--param k=v…] [--out report]
                                 run a strategy over bars (--data per symbol, or a directory);
                                 writes report.json and report.html
  run --strategy strategy.ts --account ID [--param k=v…] [--symbols A,B]
                                 run the same strategy on an account of a running server;
                                 Ctrl+C cancels its working orders and exits
  help                           this text
`;

/** Line output to a stream, for the commands that print through a callback. */
const write = (stream: NodeJS.WriteStream) => (line: string) => void stream.write(`${line}\n`);

async function clientCommand(command: string, args: readonly string[]): Promise<boolean> {
  const { isClientCommand, runClientCommand } = await import('./commands/client-commands.ts');
  if (!isClientCommand(command)) return false;
  process.exitCode = await runClientCommand(command, args, process.env, write(process.stdout), write(process.stderr));
  return true;
}

async function usage(): Promise<string> {
  const { CLIENT_USAGE } = await import('./commands/client-commands.ts');
  return `${USAGE}${CLIENT_USAGE}\n`;
}

async function main(argv: readonly string[]): Promise<void> {
  const command = argv[0];
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(await usage());
      return;
    case 'serve':
      return serve();
    case 'specs':
      return specs();
    case 'cluster': {
      const { runCluster } = await import('./cluster/cluster-command.ts');
      process.exitCode = await runCluster(argv.slice(1), { env: process.env, out: write(process.stdout), err: write(process.stderr), tty: process.stdout.isTTY === true });
      return;
    }
    case 'backtest':
      return (await import('./backtest/backtest-command.ts')).backtest(argv.slice(1));
    case 'run': {
      const { runCommand } = await import('./strategy/run-command.ts');
      process.exitCode = await runCommand(argv.slice(1), process.env, write(process.stdout), write(process.stderr));
      return;
    }
    default:
      if (await clientCommand(command, argv.slice(1))) return;
      process.stderr.write(`unknown command "${command}"\n${await usage()}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // By name: the command line imports the configuration module only with the command that needs it.
  if (error instanceof Error && (error.name === 'ConfigError' || error.name === 'StoreLockedError')) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
