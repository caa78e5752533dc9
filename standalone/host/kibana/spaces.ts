// Kibana spaces for the host: `/s/<space>/...` URLs (the spaces plugin strips the prefix in onRequest and keeps it as
// the request's base path; x-pack/platform/plugins/shared/spaces/server/lib/request_interceptors/on_request_interceptor.ts
// and common/lib/spaces_url_parser.ts). The host has two spaces: `default` (no prefix) and `soc-b`.
export type SpaceId = string;
export const DEFAULT_SPACE = 'default';
export const HOST_SPACES: readonly SpaceId[] = [DEFAULT_SPACE, 'soc-b'];

const SPACE_URL_RE = /^\/s\/([a-z0-9_-]+)(\/.*)?$/;

/** Splits `/s/<id>/rest` into the space id and the path Kibana routes on; `/s/default/...` is the default space. */
export function parseSpaceUrl(pathname: string): { spaceId: SpaceId; path: string } {
  const m = SPACE_URL_RE.exec(pathname);
  if (!m) return { spaceId: DEFAULT_SPACE, path: pathname };
  return { spaceId: m[1], path: m[2] ?? '/' };
}

/** Kibana's addSpaceIdToPath: no prefix for the default space. */
export function spacePath(spaceId: SpaceId, path: string) {
  return spaceId === DEFAULT_SPACE ? path : `/s/${spaceId}${path}`;
}
