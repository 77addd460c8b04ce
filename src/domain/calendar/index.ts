export * from './dates.ts';
export * from './deadlines.ts';
export * from './holidays.ts';
export * from './timescales.ts';
export * from './working-days.ts';
