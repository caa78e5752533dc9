// Prints the one closing line CI reads: "N passed, M failed" from Jest's --json output.
// A suite that failed to run (syntax error, crash) counts as a failure even when it reported no tests.
const fs = require('fs');
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const brokenSuites = (r.testResults || []).filter((s) => s.status === 'failed' && (s.assertionResults || []).length === 0).length;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed`);
