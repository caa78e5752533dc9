import '@testing-library/jest-dom';

// React and EUI report misuse (act() gaps, bad props, unsupported widths) through console.error/warn: any such
// message fails the test that caused it, so warnings cannot pile up unnoticed in the output.
const consoleProblems: string[] = [];
const format = (args: unknown[]) =>
  args.map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ').slice(0, 2000);
for (const level of ['error', 'warn'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    consoleProblems.push(`console.${level}: ${format(args)}`);
    original.apply(console, args as []);
  };
}
afterEach(() => {
  const found = consoleProblems.splice(0);
  if (found.length) throw new Error(`The test wrote ${found.length} React/EUI warning(s) or error(s):\n${found.join('\n')}`);
});
