// Kibana's route authorization (`security.authz.requiredPrivileges`) for the host's local users. `elastic` holds
// every registered feature's `all` privilege, `viewer` only `read`, `nobody` no feature privilege (a user without
// access to this plugin). Privileges come from the feature registry exactly as Kibana grants them: API
// privileges from `privileges.*.api`, alerting privileges from `privileges.*.alerting`.
import type { Privileges } from '@kbn/core/server';
import type { FeaturesRegistry } from './features';

export const HOST_USERS = ['elastic', 'viewer', 'nobody'] as const;
export type HostUserName = (typeof HOST_USERS)[number];
/** Request header that switches the user (the host has no login page). */
export const USER_HEADER = 'x-kibana-host-user';

export type AlertingOperation = 'read' | 'all' | 'enable' | 'manual_run' | 'manage_rule_settings';

export interface HostUser {
  username: HostUserName;
  roles: string[];
  /** API privileges granted through feature privileges. */
  apiPrivileges: ReadonlySet<string>;
  /** Alerting rule privileges: `${operation}:${ruleTypeId}:${consumer}`. */
  ruleGrants: ReadonlySet<string>;
}

export class Security {
  private readonly cache = new Map<HostUserName, HostUser>();

  constructor(
    private readonly features: FeaturesRegistry,
    /** Users that the header may select; `--read-only` removes `elastic`. */
    private readonly allowed: readonly HostUserName[] = HOST_USERS,
    private readonly defaultUser: HostUserName = allowed[0]
  ) {}

  /** Resolves the request's user: the default, or a header-selected one among the allowed users. */
  userFor(headers: Record<string, string | string[] | undefined>): HostUser | { error: string } {
    const raw = headers[USER_HEADER];
    const name = (Array.isArray(raw) ? raw[0] : raw) ?? this.defaultUser;
    if (!(this.allowed as readonly string[]).includes(name)) return { error: `unknown or disallowed user [${name}]` };
    return this.getUser(name as HostUserName);
  }

  getUser(name: HostUserName): HostUser {
    let user = this.cache.get(name);
    if (!user) {
      user = this.build(name);
      this.cache.set(name, user);
    }
    return user;
  }

  private build(username: HostUserName): HostUser {
    const api = new Set<string>();
    const grants = new Set<string>();
    const level = username === 'elastic' ? 'all' : username === 'viewer' ? 'read' : null;
    if (level) {
      for (const f of this.features.getAll()) {
        const priv = f.privileges?.[level];
        if (!priv) continue;
        for (const a of priv.api ?? []) api.add(a);
        for (const [op, list] of Object.entries(priv.alerting?.rule ?? {})) {
          for (const { ruleTypeId, consumers } of list ?? []) for (const c of consumers) grants.add(`${op}:${ruleTypeId}:${c}`);
        }
      }
    }
    return { username, roles: level ? [`${level}_features`] : [], apiPrivileges: api, ruleGrants: grants };
  }

  /** Kibana alerting authorization: `all` implies read/enable/manual_run/manage_rule_settings. */
  canOnRule(user: HostUser, op: AlertingOperation, ruleTypeId: string, consumer: string): boolean {
    if (user.ruleGrants.has(`${op}:${ruleTypeId}:${consumer}`)) return true;
    return op !== 'all' && user.ruleGrants.has(`all:${ruleTypeId}:${consumer}`);
  }
}

/** Missing privileges for a route's `requiredPrivileges`, in Kibana's semantics (plain entries: all required). */
export function missingPrivileges(required: Privileges, has: (p: string) => boolean): string[] {
  const missing: string[] = [];
  for (const entry of required) {
    if (typeof entry === 'string') {
      if (!has(entry)) missing.push(entry);
      continue;
    }
    for (const item of entry.allRequired ?? []) {
      if (typeof item === 'string') {
        if (!has(item)) missing.push(item);
      } else if (!item.anyOf.some(has)) missing.push(item.anyOf.join('|'));
    }
    if (entry.anyRequired && entry.anyRequired.length > 0) {
      const ok = entry.anyRequired.some((item) => (typeof item === 'string' ? has(item) : item.allOf.every(has)));
      if (!ok) missing.push(entry.anyRequired.map((i) => (typeof i === 'string' ? i : i.allOf.join('+'))).join('|'));
    }
  }
  return missing;
}
