// Kibana-style Jest setup: node for server/common/standalone, jsdom for components, a separate browser project.
// .mjs: d3-color 3 (overridden in package.json for GHSA-36jr-mh4h-2g58) ships ES modules only.
const transform = { '^.+\\.(m?js|tsx?|jsx)$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }] };
// Runtime @kbn/* packages exist only inside Kibana; outside it the one we load (through server/kbn_shim.ts) maps to the
// host's standalone implementation, as tsconfig `paths` does for tsc and tsx.
const moduleNameMapper = { '^@kbn/task-manager-plugin/server$': '<rootDir>/standalone/host/kibana/task_manager.ts' };
const common = { transform, moduleNameMapper, moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'], transformIgnorePatterns: ['/node_modules/(?!(@elastic/eui|@elastic/charts|uuid|d3-color)/)'] };

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{common,server,standalone,scripts}/**/*.test.ts', '<rootDir>/test/integration/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'jsdom',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/public/**/*.test.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/test/setup_jsdom.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/browser/global_setup.ts',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
  ],
};
