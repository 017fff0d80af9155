#!/usr/bin/env node
/**
 * `npm start`'s entry: plain JavaScript that turns Node's compile cache on before any TypeScript is loaded, then
 * runs the command line (cli.ts). Once the cache is filled (Node's cache directory, or NODE_COMPILE_CACHE; `npm
 * install` fills it through fill-compile-cache.js, or else the first start does), starts load neither the TypeScript
 * stripper nor recompile what did not change: they start faster and hold about 30 MiB less resident memory.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./cli.ts');
