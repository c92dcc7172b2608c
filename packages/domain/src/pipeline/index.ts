export * from './worker';
export * from './stateStore';
export * from './pipeline';
export * from './dealerClocks';
