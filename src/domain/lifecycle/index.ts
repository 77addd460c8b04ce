export * from './lifecycle.ts';
export * from './payloads.ts';
