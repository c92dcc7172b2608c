export * from './conformance';
export * from './replayPartitioned';
export * from './sourceSuite';
export * from './runtimeBackends';
