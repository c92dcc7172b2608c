export * from './calendar';
export * from './timeZone';
