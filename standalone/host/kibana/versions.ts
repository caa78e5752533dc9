// The Kibana version the host imitates (`npm start -- --kibana-version 9.2.0`), handed to plugins as Kibana does:
// `initializerContext.env.packageInfo.version` (PackageInfo in src/platform/packages/shared/kbn-config/src/types.ts,
// set by src/core/packages/base/server-internal/src/core_context.ts). Every shim that differs between
// 9.x minors asks this module; the facts and the PRs that date them are in /work/shared/notes/kibana_api.md §0.

export const SUPPORTED_KIBANA_VERSIONS = ['9.2.0', '9.3.0', '9.4.0', '9.5.0'] as const;
export const DEFAULT_KIBANA_VERSION = '9.5.0';

export interface KibanaVersion {
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** true when this version is at least `major.minor` */
  atLeast(v: string): boolean;
}

const VERSION_RE = /^(\d+)\.(\d+)\.(\d+)$/;

/** Parses and checks a version: 9.2.0 .. 9.5.x (patch releases behave like their minor). */
export function kibanaVersion(v: string = DEFAULT_KIBANA_VERSION): KibanaVersion {
  const m = VERSION_RE.exec(v);
  if (!m) throw new Error(`invalid Kibana version [${v}]: expected MAJOR.MINOR.PATCH, one of ${SUPPORTED_KIBANA_VERSIONS.join(', ')}`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 9 || minor < 2 || minor > 5) {
    throw new Error(`unsupported Kibana version [${v}]: the host imitates ${SUPPORTED_KIBANA_VERSIONS.join(', ')}`);
  }
  return {
    version: v,
    major,
    minor,
    atLeast(other: string) {
      const [a, b] = other.split('.').map(Number);
      return major > a || (major === a && minor >= b);
    },
  };
}
