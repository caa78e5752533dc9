// Kibana packages are not installable outside a Kibana checkout: every @kbn/* import must be type-only,
// except in the one isolated shim module (public/kbn_shim.ts(x)).
const { execSync } = require('child_process');
const fs = require('fs');
const files = execSync("git ls-files -co --exclude-standard '*.ts' '*.tsx'", { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/') && !f.startsWith('typings/') && fs.existsSync(f));
const bad = [];
const importRe = /^\s*(import|export)\s+(?!type\b)[^;]*?from\s+['"](@kbn\/[^'"]+)['"]/gm;
const requireRe = /(require|import)\(\s*['"](@kbn\/[^'"]+)['"]\s*\)/g;
for (const f of files) {
  if (/(^|\/)kbn_shim\.tsx?$/.test(f) || f === 'scripts/check_kbn_imports.test.ts') continue;
  const src = fs.readFileSync(f, 'utf8');
  for (const re of [importRe, requireRe]) {
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(src))) {
      if (/^\s*(import|export)\s+\{[^}]*\}/.test(m[0]) && /\{\s*(type\s+[^,}]+\s*,?\s*)+\}/.test(m[0])) continue;
      bad.push(`${f}: runtime import of ${m[2]}`);
    }
  }
}
if (bad.length) {
  console.error('Runtime @kbn/* imports outside the shim:\n' + bad.join('\n'));
  process.exit(1);
}
console.log(`kbn imports: ${files.length} files checked, all @kbn/* imports are type-only`);
