// The host page (HTML shell) and the static bundle routes. Hashed bundle files are immutable; the page carries
// a Kibana-like Content-Security-Policy (scripts only from this origin, no inline script).
import { readFile } from 'fs/promises';
import { extname, join, normalize, sep } from 'path';
import type Hapi from '@hapi/hapi';
import { PLUGIN_ID, PLUGIN_NAME } from '../../common/constants';
import type { BundleInfo } from './bundle';

export const APP_PATH = `/app/${PLUGIN_ID}`;
export const BUNDLE_PATH = '/bundles';

export const CSP = [
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(bundle: BundleInfo, kibanaVersion = '9.5.0'): string {
  const css = bundle.css.map((f) => `<link rel="stylesheet" href="${BUNDLE_PATH}/${escapeHtml(f)}">`).join('\n');
  const preload = bundle.initialFiles
    .filter((f) => f !== bundle.entry)
    .map((f) => `<link rel="modulepreload" href="${BUNDLE_PATH}/${escapeHtml(f)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(PLUGIN_NAME)} — standalone</title>
<link rel="icon" href="data:,">
${css}
${preload}
<style>
  body { margin: 0; font-family: Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
  #hostBar { display: flex; gap: 16px; align-items: center; padding: 6px 16px; font-size: 12px; background: #0b1628; color: #dfe5ef; }
  #hostBar .host-title { font-weight: 600; }
  #hostBar .host-user { margin-left: auto; opacity: .85; }
  body[data-theme="dark"] { background: #07101f; }
</style>
</head>
<body data-kbn-version="${kibanaVersion.replace(/[^0-9.]/g, '')}">
<div id="hostBar" data-test-subj="hostBar">
  <span class="host-title">Kibana standalone host</span>
  <span id="hostRuleStatus" data-test-subj="hostRuleStatus">loading rule status…</span>
  <span class="host-user">user: <span id="hostUser" data-test-subj="hostUser"></span></span>
</div>
<div id="app" data-test-subj="hostAppRoot"></div>
<script type="module" src="${BUNDLE_PATH}/${escapeHtml(bundle.entry)}"></script>
</body>
</html>`;
}

export function registerPageRoutes(server: Hapi.Server, bundle: BundleInfo, kibanaVersion?: string) {
  const html = renderPage(bundle, kibanaVersion);
  const page = (_req: Hapi.Request, h: Hapi.ResponseToolkit) =>
    h.response(html).type('text/html; charset=utf-8').header('content-security-policy', CSP).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
  server.route({ method: 'GET', path: '/', handler: (_r, h) => h.redirect(APP_PATH) });
  server.route({ method: 'GET', path: APP_PATH, handler: page });
  server.route({ method: 'GET', path: `${APP_PATH}/{rest*}`, handler: page });
  const root = normalize(bundle.dir) + sep;
  server.route({
    method: 'GET',
    path: `${BUNDLE_PATH}/{file*}`,
    handler: async (req, h) => {
      const file = normalize(join(bundle.dir, String(req.params.file ?? '')));
      if (!file.startsWith(root)) return h.response({ statusCode: 404, error: 'Not Found', message: 'Not Found' }).code(404);
      try {
        const body = await readFile(file);
        return h
          .response(body)
          .type(TYPES[extname(file)] ?? 'application/octet-stream')
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff');
      } catch {
        return h.response({ statusCode: 404, error: 'Not Found', message: 'Not Found' }).code(404);
      }
    },
  });
}
