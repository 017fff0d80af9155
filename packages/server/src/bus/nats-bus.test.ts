import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.ts';
import { NATS_SERVERS, serviceAvailable, uniqueName } from '../../test/services.ts';
import { NatsBus } from './nats-bus.ts';

const available = await serviceAvailable('NATS');
const open: NatsBus[] = [];
async function bus(prefix: string): Promise<NatsBus> {
  const b = await NatsBus.connect({ servers: NATS_SERVERS, prefix });
  open.push(b);
  return b;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

describe.skipIf(!available)('NATS bus', () => {
  it("delivers to this process's handlers at once and exactly once, and to other processes in publish order", async () => {
    const prefix = uniqueName('t');
    const [one, two] = [await bus(prefix), await bus(prefix)];
    const local: unknown[] = [];
    const remote: unknown[] = [];
    one.subscribe('account.A.events', (m) => local.push(m));
    two.subscribe('account.A.events', (m) => remote.push(m));
    await two.flush();
    for (let seq = 1; seq <= 100; seq++) one.publish('account.A.events', { seq });
    expect(local).toHaveLength(100);
    await eventually(() => remote.length === 100, 5_000, 'the other process to receive every message');
    await one.flush();
    expect(local).toEqual(Array.from({ length: 100 }, (_, i) => ({ seq: i + 1 })));
    expect(remote).toEqual(local);
  });

  it('keeps deployments with different prefixes apart, and stops delivering after the last unsubscribe', async () => {
    const prefix = uniqueName('t');
    const [elsewhere, here, peer] = [await bus(uniqueName('t')), await bus(prefix), await bus(prefix)];
    const seen: unknown[] = [];
    const off = here.subscribe('account.A.events', (m) => seen.push(m));
    await here.flush();
    elsewhere.publish('account.A.events', { seq: 1 });
    await elsewhere.flush();
    peer.publish('account.A.events', { seq: 2 });
    await eventually(() => seen.length > 0, 5_000, 'the peer message');
    expect(seen).toEqual([{ seq: 2 }]);
    off();
    here.publish('account.A.events', { seq: 3 });
    expect(seen).toEqual([{ seq: 2 }]);
  });
});
