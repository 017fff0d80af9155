/** Type declarations for single-file components and Vite's client helpers. */
/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export { component as default };
}
