export * from './money';
export * from './fx';
