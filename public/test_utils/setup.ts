import { configure } from '@testing-library/react';

// jsdom lacks ResizeObserver and canvas, which @elastic/charts and EUI use; mock only those.
class ResizeObserverMock {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= ResizeObserverMock;
if (typeof HTMLCanvasElement !== 'undefined') {
  (HTMLCanvasElement.prototype as any).getContext = () => null;
}
if (typeof window !== 'undefined' && !window.matchMedia) {
  (window as any).matchMedia = (query: string) => ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false });
}

// Kibana convention: tests select by data-test-subj.
configure({ testIdAttribute: 'data-test-subj', asyncUtilTimeout: 5000 });

// EUI + charts component tests are CPU-heavy; CI machines here are shared (2 cores) and run suites in parallel.
jest.setTimeout(30_000);
