export * from './calendar';
export * from './money';
export * from './reference';
export * from './pipeline';
export * from './workers';
