// The simulated organisation: users with a home connection, a phone, an office or remote-work pattern.
import type { Prng } from './prng';
import { CORPORATE, homePlace, mobilePlace, type Place } from './network';

export interface User {
  /** user.name (UPN local part) */
  name: string;
  domain: string;
  upn: string;
  id: string;
  fullName: string;
  /** Home broadband; some homes are IPv6-only toward Microsoft (dual stack prefers v6). */
  home: Place;
  mobile: Place;
  /** Where the user works on office days. */
  office: Place;
  usesVpn: boolean;
  /** Remote workers never sign in through the office proxy. */
  remote: boolean;
  os: 'Windows 10' | 'MacOs' | 'Ios' | 'Android';
  phoneOs: 'Ios' | 'Android';
  deviceId: string;
  admin: boolean;
}

const FIRST = [
  'Alex', 'Amelia', 'Ana', 'Ben', 'Carla', 'Chen', 'Daniel', 'Diego', 'Elena', 'Emma', 'Farah', 'Gabriel', 'Hannah', 'Ivan',
  'Jamal', 'Julia', 'Kenji', 'Laura', 'Liam', 'Maya', 'Mohammed', 'Nina', 'Noah', 'Olivia', 'Omar', 'Priya', 'Rafael',
  'Sara', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wei', 'Yara', 'Zoe', 'Lukas', 'Marta', 'Pedro', 'Ingrid', 'Kwame',
];
const LAST = [
  'Adams', 'Bauer', 'Brown', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Johnson', 'Kowalski',
  'Lee', 'Martin', 'Meyer', 'Nguyen', 'Novak', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Silva', 'Smith', 'Tanaka',
  'Taylor', 'Walker', 'Weber', 'Wilson', 'Young', 'Zhang', 'Khan', 'Larsen', 'Moreau', 'Haddad',
];

export function makeUsers(rng: Prng, count: number, domain: string, options: { officeShare?: number } = {}): User[] {
  const users: User[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    let first = rng.pick(FIRST);
    let last = rng.pick(LAST);
    let name = `${first}.${last}`.toLowerCase();
    for (let n = 2; taken.has(name); n++) {
      first = rng.pick(FIRST);
      last = rng.pick(LAST);
      name = `${first}.${last}${n}`.toLowerCase();
    }
    taken.add(name);
    const region = rng.weighted([['us', 6], ['uk', 3], ['de', 1]] as const);
    const remote = rng.chance(1 - (options.officeShare ?? 0.7));
    const os = rng.weighted([['Windows 10', 7], ['MacOs', 3]] as const);
    const phoneOs = rng.weighted([['Ios', 6], ['Android', 4]] as const);
    users.push({
      name,
      domain,
      upn: `${name}@${domain}`,
      id: rng.uuid(),
      fullName: `${first} ${last}`,
      home: homePlace(rng, region, rng.chance(0.25)),
      mobile: mobilePlace(rng, rng.chance(0.4)),
      office: region === 'uk' ? CORPORATE.branch : CORPORATE.proxy,
      usesVpn: rng.chance(0.3),
      remote,
      os,
      phoneOs,
      deviceId: rng.uuid(),
      admin: i < Math.max(1, Math.round(count * 0.05)),
    });
  }
  return users;
}
