export * from './conformance';
export * from './replayPartitioned';
