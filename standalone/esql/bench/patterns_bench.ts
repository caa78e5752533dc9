// `npx tsx standalone/esql/bench/patterns_bench.ts [--n 100000]`: prints the throughput of the linear-time
// LIKE / RLIKE / REPLACE matchers next to V8's backtracking RegExp on the same strings, and the time the
// patterns that make a backtracking engine blow up take here.
import { compileWildcard } from '../pattern/wildcard';
import { compileLuceneRegExp } from '../pattern/lucene_regexp';
import { compileJavaRegex } from '../pattern/java_regex';

const i = process.argv.indexOf('--n');
const N = i >= 0 ? Number(process.argv[i + 1]) : 100_000;

const users = ['alice', 'bob', 'carol', 'dave', 'admin', 'svc-backup', 'j.smith'];
const domains = ['example.com', 'contoso.onmicrosoft.com', 'corp.local'];
const apps = ['Microsoft Teams', 'Office 365 Exchange Online', 'Azure Portal', 'SharePoint Online signin'];
// JSON round trip: flat strings, like values parsed from _source (template literals would be lazy cons-strings).
const strings: string[] = JSON.parse(JSON.stringify(Array.from({ length: N }, (_, k) => `${users[k % 7]}${k}@${domains[k % 3]} ${apps[k % 4]}  /login?id=${k}`)));

function time(label: string, fn: (s: string) => unknown, inputs = strings): number {
  fn(inputs[0]); // compile caches / JIT warm-up on one call
  // Best of three passes: the figure is the matcher's cost, not a neighbour's CPU burst or a GC pause.
  let ns = Infinity;
  let hits = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = process.hrtime.bigint();
    hits = 0;
    for (const s of inputs) if (fn(s)) hits++;
    ns = Math.min(ns, Number(process.hrtime.bigint() - t0) / inputs.length);
  }
  console.log(`${label.padEnd(58)} ${ns.toFixed(0).padStart(7)} ns/value  (${hits} truthy of ${inputs.length})`);
  return ns;
}

console.log(`Pattern matching, ${N} strings of ~${Math.round(strings.reduce((a, s) => a + s.length, 0) / N)} chars\n`);
const cases: Array<[string, (s: string) => unknown, RegExp]> = [
  ['LIKE "*@example.com*"', compileWildcard('*@example.com*', { escape: true, questionMark: true }), /^[\s\S]*@example\.com[\s\S]*$/],
  ['LIKE "admin*"', compileWildcard('admin*', { escape: true, questionMark: true }), /^admin[\s\S]*$/],
  ['LIKE "*a*o*e*?id=1*"', compileWildcard('*a*o*e*?id=1*', { escape: true, questionMark: true }), /^[\s\S]*a[\s\S]*o[\s\S]*e[\s\S]*[\s\S]id=1[\s\S]*$/],
];
const rl = (p: string) => {
  const m = compileLuceneRegExp(p);
  return (s: string) => m.test(s);
};
cases.push(['RLIKE ".*(login|signin).*"', rl('.*(login|signin).*'), /^(?:.*(login|signin).*)$/]);
cases.push(['RLIKE "[a-z.]+[0-9]+@[a-z.]+ .*"', rl('[a-z.]+[0-9]+@[a-z.]+ .*'), /^(?:[a-z.]+[0-9]+@[a-z.]+ .*)$/]);
for (const [label, fn, re] of cases) {
  const ours = time(label, fn);
  const v8 = time(`  V8 RegExp ${re.source}`.slice(0, 58), (s) => re.test(s));
  console.log(`  ratio ${(ours / v8).toFixed(1)}x\n`);
}
const rep = (p: string, to: string) => {
  const c = compileJavaRegex(p);
  return (s: string) => c.replaceAll(s, to);
};
for (const [p, to, re, jsTo] of [
  ['\\s+', ' ', /\s+/g, ' '],
  ['(\\w+)@([\\w.]+)', '$2', /(\w+)@([\w.]+)/g, '$2'],
] as const) {
  const ours = time(`REPLACE(s, "${p}", "${to}")`, rep(p, to));
  const v8 = time(`  V8 String.replace ${re}`, (s) => s.replace(re, jsTo));
  console.log(`  ratio ${(ours / v8).toFixed(1)}x\n`);
}

console.log('Patterns that are catastrophic for a backtracking engine, on 50,000 x "a" (V8 not run: it would not finish):');
const a50k = ['a'.repeat(50_000)];
time('RLIKE "(a+)+b"', rl('(a+)+b'), a50k);
time('RLIKE "(a|aa)*c"', rl('(a|aa)*c'), a50k);
time('LIKE "*a*a*a*a*a*a*a*a*a*a*b"', compileWildcard('*a*a*a*a*a*a*a*a*a*a*b', { escape: true, questionMark: true }), a50k);
time('REPLACE(s, "(a+)+b", "x")  (Pike VM)', rep('(a+)+b', 'x'), a50k);
const t0 = Date.now();
try {
  rep('(a+)+b\\1', 'x')(a50k[0]);
} catch (e) {
  console.log(`REPLACE(s, "(a+)+b\\\\1", "x")  (needs backtracking)              stopped after ${Date.now() - t0} ms: ${(e as Error).message}`);
}
