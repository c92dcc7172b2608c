export { createServer, DEFAULT_BODY_LIMIT_BYTES, type ApiDeps, type ApiServer } from './createServer';
export { parseTokens, lookupToken, TokenSpecError, type TokenTable } from './auth/tokens';
export { describeRole, type Principal, type Role, type RoleKind } from './auth/role';
export type { ErrorBody, ErrorDetail } from './http/ApiError';
export type { EmailStatus, EmailStatusReader } from './dashboards/ops/emailStatus';
