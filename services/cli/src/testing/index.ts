export * from './serverProcess';
