/** Cleanup for concurrent conformance cases: every adapter a case opened is disconnected, then its venue closed. */
import type { TestContext } from 'vitest';
import type { ConformanceSubject } from './venue-control.ts';

const opened = new WeakMap<TestContext, ConformanceSubject[]>();

/** Registers `subject` with the case; restarts of it share its venue, which is closed once, after every adapter. */
export function track(context: TestContext, subject: ConformanceSubject): ConformanceSubject {
  let subjects = opened.get(context);
  if (subjects === undefined) {
    const list: ConformanceSubject[] = [];
    subjects = list;
    opened.set(context, list);
    context.onTestFinished(async () => {
      for (const each of [...list].reverse()) await each.broker.disconnect();
      await list[0]?.close();
    });
  }
  subjects.push(subject);
  return subject;
}
