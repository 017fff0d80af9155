/** The server's logger: JSON lines (for log shippers), or pino-pretty's readable lines when a person is watching. */
export type LogFormat = 'json' | 'pretty';

/** `LOG_FORMAT` when set, else pretty when stdout is a terminal and JSON otherwise. */
export function logFormatOf(env: Readonly<Record<string, string | undefined>>, stdoutIsTty: boolean): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked === 'json' || asked === 'pretty') return asked;
  return stdoutIsTty ? 'pretty' : 'json';
}

export function loggerOptions(level: string, format: LogFormat): { level: string; transport?: { target: string; options: Record<string, unknown> } } {
  if (format === 'json') return { level };
  // pino-pretty runs in pino's transport worker, so formatting stays off the event loop that serves orders.
  return { level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } };
}
