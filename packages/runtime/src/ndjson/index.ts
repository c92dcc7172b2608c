export * from './readLines';
export * from './lineWriter';
