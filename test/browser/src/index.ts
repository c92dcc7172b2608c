export * from './findChromium';
export * from './launchBrowser';
export * from './demoServer';
export * from './signIn';
