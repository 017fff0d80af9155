/** The full-size resume check: 200 clients resuming twice each while the account places 1,000 orders. */
import { describe, it } from 'vitest';
import { startServer } from './harness.ts';
import { resumeDuringBurst } from './resume-scenario.ts';

describe('WebSocket resume at scale', () => {
  it('gives 200 clients resuming during a burst every event exactly once, in order', async () => {
    // One test process is one client address: the per-client connection cap is raised through its key.
    const server = await startServer({ limits: { ws: { perClient: 10_000 } } });
    try {
      await resumeDuringBurst(server, 200, 1_000);
    } finally {
      await server.close();
    }
  }, 180_000);
});
