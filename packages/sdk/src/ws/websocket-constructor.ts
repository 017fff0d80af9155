/**
 * Which WebSocket the stream opens: the one passed in, else the global one (browsers, Node 22+), else on Node 20
 * the optional `ws` package, imported only then so that browser bundles never see it.
 */
import type { WebSocketConstructor } from './ws-stream-client.ts';

let nodeFallback: Promise<WebSocketConstructor | undefined> | undefined;

export function globalWebSocket(): WebSocketConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
}

/** `ws`'s constructor (it takes `{headers}` as its second argument like Node's own), or undefined when not installed. */
export function loadNodeWebSocket(): Promise<WebSocketConstructor | undefined> {
  // A variable specifier keeps bundlers from pulling `ws` into browser builds.
  const specifier = 'ws';
  nodeFallback ??= import(/* @vite-ignore */ specifier).then(
    (module: { WebSocket?: WebSocketConstructor; default?: WebSocketConstructor }) => module.WebSocket ?? module.default,
    () => undefined,
  );
  return nodeFallback;
}

export function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions;
  return typeof versions?.node === 'string';
}
