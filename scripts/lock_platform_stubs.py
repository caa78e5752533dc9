#!/usr/bin/env python3
"""Adds package-lock entries for optional, platform-specific native binaries that this workplace's npm registry
mirror does not serve (e.g. @swc/core-darwin-arm64). npm writes no entry for a package it cannot fetch, and
`npm ci` then refuses the lock as out of sync. Each stub carries the os/cpu of its name, so npm skips it on
every other platform without fetching it; on its own platform npm fetches it as usual. Run after `npm install`."""
import json, re, sys

OS = {'darwin': 'darwin', 'win32': 'win32', 'linux': 'linux', 'android': 'android', 'freebsd': 'freebsd', 'openharmony': 'openharmony'}
CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64']

def platform(name):
    parts = re.split(r'[-/]', name)
    os_ = next((OS[p] for p in parts if p in OS), None)
    cpu = next((c for c in CPU if c in parts), None)
    if cpu is None and ('gnueabihf' in name or 'musleabihf' in name or 'eabi' in parts):
        cpu = 'arm'
    libc = ['musl'] if 'musl' in name else (['glibc'] if os_ == 'linux' and 'gnu' in name else None)
    return os_, cpu, libc

path = sys.argv[1] if len(sys.argv) > 1 else 'package-lock.json'
lock = json.load(open(path))
packages = lock['packages']
added = []
for e in list(packages.values()):
    for dep, ver in (e.get('optionalDependencies') or {}).items():
        key = 'node_modules/' + dep
        if key in packages:
            continue
        os_, cpu, libc = platform(dep)
        if not os_ or not cpu:
            sys.exit(f'cannot tell the platform of {dep}; add its entry by hand')
        stub = {'version': ver, 'cpu': [cpu], 'optional': True, 'os': [os_]}
        if libc: stub['libc'] = libc
        packages[key] = stub
        added.append(f'{dep}@{ver} ({os_}/{cpu})')
lock['packages'] = dict(sorted(packages.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(path, 'w'), indent=2)
open(path, 'a').write('\n')
print(f'{len(added)} platform stubs added' + (':\n  ' + '\n  '.join(added) if added else ''))
