// kibana.jsonc (in-repo package form) -> kibana.json (the legacy manifest Kibana's discovery reads for
// an external plugin under kibana/plugins/). `--check` exits 1 when the committed kibana.json disagrees.
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** Strips // and /* *\/ comments outside strings, then trailing commas: enough for JSONC manifests. */
export function parseJsonc(text: string): any {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) throw new Error('unterminated comment in kibana.jsonc');
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

export function toLegacyManifest(pkg: any, version: string) {
  const p = pkg.plugin;
  return {
    id: p.id,
    version,
    kibanaVersion: 'kibana',
    owner: { name: pkg.owner[0] },
    description: pkg.description,
    ...(p.configPath ? { configPath: p.configPath } : {}),
    server: p.server,
    ui: p.browser,
    requiredPlugins: p.requiredPlugins ?? [],
    optionalPlugins: p.optionalPlugins ?? [],
    requiredBundles: p.requiredBundles ?? [],
  };
}

export function expectedKibanaJson(root = ROOT): string {
  const pkg = parseJsonc(fs.readFileSync(path.join(root, 'kibana.jsonc'), 'utf8'));
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return JSON.stringify(toLegacyManifest(pkg, version), null, 2) + '\n';
}

if (require.main === module) {
  const target = path.join(ROOT, 'kibana.json');
  const expected = expectedKibanaJson();
  if (process.argv.includes('--check')) {
    const actual = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (actual !== expected) {
      console.error('kibana.json is out of date with kibana.jsonc: run `npm run build:kibana-json`');
      process.exit(1);
    }
    console.log('kibana.json matches kibana.jsonc');
  } else {
    fs.writeFileSync(target, expected);
    console.log('wrote kibana.json');
  }
}
