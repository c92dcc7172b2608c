export * from './resolvePolicies';
