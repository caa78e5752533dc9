// Minimal history the app routes on: Kibana's ScopedHistory fits it; standalone we adapt window.history.
export interface AppHistory {
  readonly location: { pathname: string; search?: string };
  push(path: string): void;
  listen(listener: (location: { pathname: string; search?: string }) => void): () => void;
}

/** Browser history under a base path (default `/app/cloudIdentityCompromise`), for the standalone host. */
export function createBrowserHistory(basePath: string): AppHistory {
  const strip = (p: string) => (p.startsWith(basePath) ? p.slice(basePath.length) || '/' : p);
  const listeners = new Set<(l: { pathname: string; search?: string }) => void>();
  const notify = () => listeners.forEach((l) => l({ pathname: strip(window.location.pathname), search: window.location.search }));
  window.addEventListener('popstate', notify);
  return {
    get location() {
      return { pathname: strip(window.location.pathname), search: window.location.search };
    },
    push(path: string) {
      window.history.pushState(null, '', `${basePath}${path.startsWith('/') ? path : `/${path}`}`);
      notify();
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** In-memory history (tests, embedding without URL routing); `path` may carry a `?query`. */
export function createMemoryHistory(initial = '/'): AppHistory {
  const split = (p: string) => {
    const i = p.indexOf('?');
    return i < 0 ? { pathname: p, search: '' } : { pathname: p.slice(0, i), search: p.slice(i) };
  };
  let loc = split(initial);
  const listeners = new Set<(l: { pathname: string; search?: string }) => void>();
  return {
    get location() {
      return loc;
    },
    push(path: string) {
      loc = split(path);
      listeners.forEach((l) => l(loc));
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** `/alerts/<id>` → id (decoded); anything else → null. */
export function alertIdFromPath(pathname: string): string | null {
  const m = /^\/alerts\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
export const alertPath = (id: string) => `/alerts/${encodeURIComponent(id)}`;
