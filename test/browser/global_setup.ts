// Browser tests drive Debian's Chromium. On a fresh machine (as root, with apt) it is installed here, so
// `npm ci && npm test` works as the README says; elsewhere a missing Chromium fails the suite with a clear message.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync } from 'fs';

const found = () => {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH);
  return spawnSync('which', ['chromium']).status === 0;
};

export default async function globalSetup() {
  if (found()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) return; // the suite reports the missing browser
  process.stderr.write('\nChromium not found: installing Debian\'s chromium for the browser tests (apt-get)…\n');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (e) {
    process.stderr.write(`could not install chromium: ${(e as Error).message}\n`);
  }
}
