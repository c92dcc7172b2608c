/** Who a token speaks for. A dealer token is bound to one dealer. */
export type Role =
  | { kind: 'admin' }
  | { kind: 'ingest' }
  | { kind: 'ops' }
  | { kind: 'finance' }
  | { kind: 'dealer'; dealerId: string };

export type RoleKind = Role['kind'];

/** The caller of an authenticated request; `name` is what finance decisions record as `decidedBy`. */
export interface Principal {
  role: Role;
  name?: string;
}

export function describeRole(role: Role): string {
  return role.kind === 'dealer' ? `dealer:${role.dealerId}` : role.kind;
}
