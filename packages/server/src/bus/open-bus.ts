/** The bus a configuration names: in-process (the default) or NATS (between processes; its client is imported then). */
import type { Config } from '../config/schema.ts';
import { type Bus, InProcessBus } from './bus.ts';

export async function openBus(bus: Config['bus'], name: string): Promise<Bus> {
  if (bus.driver === 'inprocess') return new InProcessBus();
  const { NatsBus } = await import('./nats-bus.ts');
  try {
    return await NatsBus.connect({ servers: bus.servers, name, ...(bus.prefix === undefined ? {} : { prefix: bus.prefix }) });
  } catch (error) {
    throw new Error(`bus: cannot connect to NATS at ${String(bus.servers)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
