import fs from 'fs';
import path from 'path';
import { expectedKibanaJson, parseJsonc, toLegacyManifest } from './generate_kibana_json';

const ROOT = path.resolve(__dirname, '..');

describe('kibana.json', () => {
  it('is the generated form of kibana.jsonc', () => {
    expect(fs.readFileSync(path.join(ROOT, 'kibana.json'), 'utf8')).toBe(expectedKibanaJson(ROOT));
  });

  it('carries only keys that Kibana\'s legacy manifest parser accepts, and the required ones', () => {
    const allowed = ['id', 'kibanaVersion', 'type', 'version', 'configPath', 'requiredPlugins', 'optionalPlugins', 'runtimePluginDependencies', 'ui', 'server', 'extraPublicDirs', 'requiredBundles', 'serviceFolders', 'owner', 'description', 'enabledOnAnonymousPages'];
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'kibana.json'), 'utf8'));
    for (const key of Object.keys(manifest)) expect(allowed).toContain(key);
    expect(manifest.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    expect(manifest.owner.name).toBeTruthy();
    expect(manifest.server || manifest.ui).toBe(true);
  });

  it('parses comments and trailing commas but not comment markers inside strings', () => {
    expect(parseJsonc('{ // c\n "a": "x//y", /* b */ "b": [1,2,],\n}')).toEqual({ a: 'x//y', b: [1, 2] });
    expect(toLegacyManifest({ owner: ['o'], plugin: { id: 'p', server: true, browser: false } }, '2.0.0')).toMatchObject({ id: 'p', version: '2.0.0', ui: false });
  });
});
