// Kibana security for the host's local users: roles with Kibana feature privileges per space and Elasticsearch
// index privileges. Feature privileges grant exactly what Kibana derives from the feature registry
// (x-pack/platform/packages/private/security/authorization_core/src/privileges/feature_privilege_builder/*):
// API privileges from `privileges.*.api`, alerting rule/alert operations from `privileges.*.alerting`, UI
// capabilities from `app`/`management`. Index privileges are what Elasticsearch checks for `asCurrentUser`
// requests (see ./es_security.ts); they are NOT implied by any Kibana privilege.
//
// Users (select with the `x-kibana-host-user` header):
//   elastic    superuser: every feature `all` in every space, every index
//   viewer     every feature `read` in every space; index read on everything (like a broad viewer role)
//   nobody     no Kibana privilege, no index privilege
//   analyst    feature `all` in space `default` only; index read on source data only (no `.alerts-*` but Security's)
//   analyst_b  feature `read` in space `soc-b` only; index read on source data only
import type { Privileges } from '@kbn/core/server';
import type { FeaturesRegistry } from './features';
import { DEFAULT_SPACE, type SpaceId } from './spaces';
import { kibanaVersion, type KibanaVersion } from './versions';

export const HOST_USERS = ['elastic', 'viewer', 'nobody', 'analyst', 'analyst_b'] as const;
export type HostUserName = (typeof HOST_USERS)[number];
/** Request header that switches the user (the host has no login page). */
export const USER_HEADER = 'x-kibana-host-user';

export type AlertingOperation = 'read' | 'all' | 'enable' | 'manual_run' | 'manage_rule_settings';

/** Index privileges of a role: Elasticsearch `indices[].names` (wildcards) and `privileges`. */
export interface IndexPrivilege {
  names: string[];
  privileges: string[];
  /** ES: wildcards match hidden / dot-prefixed indices only with this flag (or an explicit dot pattern) */
  allow_restricted_indices?: boolean;
}

export interface RoleDef {
  name: string;
  /** Kibana: base-like privilege applied to every registered feature, per space (`*` = all spaces) */
  kibana: Array<{ spaces: string[]; feature: 'all' | 'read' }>;
  indices: IndexPrivilege[];
}

/** Source data the rule and the panel read: analysts need it, and Security's own alerts. */
const SOURCE_DATA: IndexPrivilege = { names: ['logs-*', 'filebeat-*', '.alerts-security.alerts-*', '.siem-signals-*', 'threat-intel-*', 'logs-ti_*'], privileges: ['read', 'view_index_metadata'] };

export const ROLES: Record<string, RoleDef> = {
  superuser: { name: 'superuser', kibana: [{ spaces: ['*'], feature: 'all' }], indices: [{ names: ['*'], privileges: ['all'], allow_restricted_indices: true }] },
  viewer: { name: 'viewer', kibana: [{ spaces: ['*'], feature: 'read' }], indices: [{ names: ['*', '.alerts-*'], privileges: ['read', 'view_index_metadata'] }] },
  soc_analyst: { name: 'soc_analyst', kibana: [{ spaces: [DEFAULT_SPACE], feature: 'all' }], indices: [SOURCE_DATA] },
  soc_b_analyst: { name: 'soc_b_analyst', kibana: [{ spaces: ['soc-b'], feature: 'read' }], indices: [SOURCE_DATA] },
};

export const USER_ROLES: Record<HostUserName, string[]> = {
  elastic: ['superuser'],
  viewer: ['viewer'],
  nobody: [],
  analyst: ['soc_analyst'],
  analyst_b: ['soc_b_analyst'],
};

export interface HostUser {
  username: HostUserName;
  roles: string[];
  /** the space these Kibana privileges apply to */
  spaceId: SpaceId;
  /** API privileges granted through feature privileges in this space. */
  apiPrivileges: ReadonlySet<string>;
  /** Alerting rule privileges: `${operation}:${ruleTypeId}:${consumer}`. */
  ruleGrants: ReadonlySet<string>;
  /** Alerting alert privileges: `${'all'|'read'}:${ruleTypeId}:${consumer}`. */
  alertGrants: ReadonlySet<string>;
  /** UI capabilities: `app:<id>`, `management:<section>.<id>`, `<featureId>.<ui>` */
  capabilities: ReadonlySet<string>;
  indexPrivileges: readonly IndexPrivilege[];
}

export class Security {
  private readonly cache = new Map<string, HostUser>();
  readonly version: KibanaVersion;

  constructor(
    private readonly features: FeaturesRegistry,
    /** Users that the header may select; `--read-only` removes `elastic`. */
    private readonly allowed: readonly HostUserName[] = HOST_USERS,
    private readonly defaultUser: HostUserName = allowed[0],
    version?: KibanaVersion
  ) {
    this.version = version ?? features.version ?? kibanaVersion();
  }

  /** Resolves the request's user: the default, or a header-selected one among the allowed users. */
  userFor(headers: Record<string, string | string[] | undefined>, spaceId: SpaceId = DEFAULT_SPACE): HostUser | { error: string } {
    const raw = headers[USER_HEADER];
    const name = (Array.isArray(raw) ? raw[0] : raw) ?? this.defaultUser;
    if (!(this.allowed as readonly string[]).includes(name)) return { error: `unknown or disallowed user [${name}]` };
    return this.getUser(name as HostUserName, spaceId);
  }

  getUser(name: HostUserName, spaceId: SpaceId = DEFAULT_SPACE): HostUser {
    const key = `${name}@${spaceId}`;
    let user = this.cache.get(key);
    if (!user) {
      user = this.build(name, spaceId);
      this.cache.set(key, user);
    }
    return user;
  }

  /** The feature privilege level a user holds in a space (the highest of its roles). */
  levelIn(name: HostUserName, spaceId: SpaceId): 'all' | 'read' | null {
    let level: 'all' | 'read' | null = null;
    for (const r of USER_ROLES[name]) {
      for (const k of ROLES[r].kibana) {
        if (!k.spaces.includes('*') && !k.spaces.includes(spaceId)) continue;
        if (k.feature === 'all') level = 'all';
        else level ??= 'read';
      }
    }
    return level;
  }

  private build(username: HostUserName, spaceId: SpaceId): HostUser {
    const api = new Set<string>();
    const rules = new Set<string>();
    const alerts = new Set<string>();
    const caps = new Set<string>();
    const level = this.levelIn(username, spaceId);
    if (level) {
      for (const f of this.features.getAll()) {
        const priv = f.privileges?.[level];
        if (!priv) continue;
        for (const a of priv.api ?? []) api.add(a);
        for (const a of priv.app ?? []) caps.add(`app:${a}`);
        for (const [section, ids] of Object.entries(priv.management ?? {})) for (const id of ids) caps.add(`management:${section}.${id}`);
        for (const u of priv.ui ?? []) caps.add(`${f.id}.${u}`);
        for (const [op, list] of Object.entries(priv.alerting?.rule ?? {})) {
          for (const { ruleTypeId, consumers } of (list ?? []) as Array<{ ruleTypeId: string; consumers: readonly string[] }>) for (const c of consumers) rules.add(`${op}:${ruleTypeId}:${c}`);
        }
        for (const [op, list] of Object.entries(priv.alerting?.alert ?? {})) {
          for (const { ruleTypeId, consumers } of (list ?? []) as Array<{ ruleTypeId: string; consumers: readonly string[] }>) for (const c of consumers) alerts.add(`${op}:${ruleTypeId}:${c}`);
        }
      }
    }
    const roles = USER_ROLES[username];
    return {
      username,
      roles,
      spaceId,
      apiPrivileges: api,
      ruleGrants: rules,
      alertGrants: alerts,
      capabilities: caps,
      indexPrivileges: roles.flatMap((r) => ROLES[r].indices),
    };
  }

  /**
   * Kibana alerting authorization on rules. `all` implies `read` in every version; before 9.4 it also implied
   * enable / manual run / rule settings, which PR #252703 (9.4) extracted into their own operation groups.
   */
  canOnRule(user: HostUser, op: AlertingOperation, ruleTypeId: string, consumer: string): boolean {
    if (user.ruleGrants.has(`${op}:${ruleTypeId}:${consumer}`)) return true;
    if (op === 'all') return false;
    if (op === 'read') return user.ruleGrants.has(`all:${ruleTypeId}:${consumer}`) || ['enable', 'manual_run', 'manage_rule_settings', 'mute_alerts'].some((o) => user.ruleGrants.has(`${o}:${ruleTypeId}:${consumer}`));
    return !this.version.atLeast('9.4') && user.ruleGrants.has(`all:${ruleTypeId}:${consumer}`);
  }

  /** Kibana alerting authorization on alerts (entity `alert`): `all` implies `read`. */
  canOnAlert(user: HostUser, op: 'read' | 'all', ruleTypeId: string, consumer: string): boolean {
    if (user.alertGrants.has(`${op}:${ruleTypeId}:${consumer}`)) return true;
    return op === 'read' && user.alertGrants.has(`all:${ruleTypeId}:${consumer}`);
  }

  /** (ruleTypeId → consumers) the user may read alerts of, in the user's space. */
  authorizedAlertTypes(user: HostUser): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const g of user.alertGrants) {
      const [, ruleTypeId, consumer] = g.split(':');
      if (!out.has(ruleTypeId)) out.set(ruleTypeId, new Set());
      out.get(ruleTypeId)!.add(consumer);
    }
    return out;
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
