// Where sign-ins come from: public address blocks with the geo and ASN enrichment Fleet's geoip/ASN
// processors would add. Attacker addresses are ordinary public hosting ranges, never documentation or
// private ranges (the rule drops those as noise).
import type { Prng } from './prng';

export interface Geo {
  continent_name: string;
  country_iso_code: string;
  country_name: string;
  region_name?: string;
  city_name?: string;
  location: { lat: number; lon: number };
}

export interface Place {
  ip: string;
  geo: Geo;
  as: { number: number; organization: { name: string } };
}

interface Block {
  /** IPv4: 'a.b' or 'a.b.c' prefix; IPv6: 'xxxx:xxxx:...' prefix ending before the random groups */
  prefix: string;
  v6: boolean;
  geo: Geo;
  asn: number;
  org: string;
}

const g = (continent: string, iso: string, country: string, region: string, city: string, lat: number, lon: number): Geo => ({
  continent_name: continent,
  country_iso_code: iso,
  country_name: country,
  region_name: region,
  city_name: city,
  location: { lat, lon },
});

export const GEO = {
  seattle: g('North America', 'US', 'United States', 'Washington', 'Seattle', 47.6062, -122.3321),
  redmond: g('North America', 'US', 'United States', 'Washington', 'Redmond', 47.674, -122.1215),
  portland: g('North America', 'US', 'United States', 'Oregon', 'Portland', 45.5152, -122.6784),
  denver: g('North America', 'US', 'United States', 'Colorado', 'Denver', 39.7392, -104.9903),
  chicago: g('North America', 'US', 'United States', 'Illinois', 'Chicago', 41.8781, -87.6298),
  newYork: g('North America', 'US', 'United States', 'New York', 'New York', 40.7128, -74.006),
  london: g('Europe', 'GB', 'United Kingdom', 'England', 'London', 51.5072, -0.1276),
  manchester: g('Europe', 'GB', 'United Kingdom', 'England', 'Manchester', 53.4808, -2.2426),
  berlin: g('Europe', 'DE', 'Germany', 'Land Berlin', 'Berlin', 52.52, 13.405),
  frankfurt: g('Europe', 'DE', 'Germany', 'Hesse', 'Frankfurt am Main', 50.1109, 8.6821),
  zurich: g('Europe', 'CH', 'Switzerland', 'Zurich', 'Zurich', 47.3769, 8.5417),
  amsterdam: g('Europe', 'NL', 'Netherlands', 'North Holland', 'Amsterdam', 52.3676, 4.9041),
  bucharest: g('Europe', 'RO', 'Romania', 'Bucuresti', 'Bucharest', 44.4268, 26.1025),
  moscow: g('Europe', 'RU', 'Russia', 'Moscow', 'Moscow', 55.7558, 37.6173),
  stPetersburg: g('Europe', 'RU', 'Russia', 'St.-Petersburg', 'Saint Petersburg', 59.9311, 30.3609),
  vilnius: g('Europe', 'LT', 'Republic of Lithuania', 'Vilnius', 'Vilnius', 54.6872, 25.2797),
  singapore: g('Asia', 'SG', 'Singapore', 'Singapore', 'Singapore', 1.3521, 103.8198),
  hongKong: g('Asia', 'HK', 'Hong Kong', 'Hong Kong', 'Hong Kong', 22.3193, 114.1694),
  saoPaulo: g('South America', 'BR', 'Brazil', 'Sao Paulo', 'São Paulo', -23.5558, -46.6396),
  lagos: g('Africa', 'NG', 'Nigeria', 'Lagos', 'Lagos', 6.5244, 3.3792),
} as const;

const HOME_BLOCKS: Block[] = [
  { prefix: '73.97', v6: false, geo: GEO.seattle, asn: 7922, org: 'Comcast Cable Communications, LLC' },
  { prefix: '24.17', v6: false, geo: GEO.redmond, asn: 20115, org: 'Charter Communications' },
  { prefix: '71.236', v6: false, geo: GEO.portland, asn: 701, org: 'Verizon Business' },
  { prefix: '98.245', v6: false, geo: GEO.denver, asn: 7922, org: 'Comcast Cable Communications, LLC' },
  { prefix: '99.108', v6: false, geo: GEO.chicago, asn: 7018, org: 'AT&T Services, Inc.' },
  { prefix: '2601:601', v6: true, geo: GEO.seattle, asn: 7922, org: 'Comcast Cable Communications, LLC' },
  { prefix: '2600:6c50', v6: true, geo: GEO.redmond, asn: 20115, org: 'Charter Communications' },
  { prefix: '86.150', v6: false, geo: GEO.london, asn: 2856, org: 'British Telecommunications PLC' },
  { prefix: '82.132', v6: false, geo: GEO.manchester, asn: 5089, org: 'Virgin Media Limited' },
  { prefix: '87.138', v6: false, geo: GEO.berlin, asn: 3320, org: 'Deutsche Telekom AG' },
  { prefix: '2003:e4', v6: true, geo: GEO.frankfurt, asn: 3320, org: 'Deutsche Telekom AG' },
];

const MOBILE_BLOCKS: Block[] = [
  { prefix: '172.58', v6: false, geo: GEO.seattle, asn: 21928, org: 'T-Mobile USA, Inc.' },
  { prefix: '2607:fb90', v6: true, geo: GEO.seattle, asn: 21928, org: 'T-Mobile USA, Inc.' },
  { prefix: '174.205', v6: false, geo: GEO.chicago, asn: 6167, org: 'Verizon Wireless' },
  { prefix: '2600:1012', v6: true, geo: GEO.newYork, asn: 6167, org: 'Verizon Wireless' },
  { prefix: '148.252', v6: false, geo: GEO.london, asn: 25135, org: 'Vodafone Limited' },
];

/** Internet scanners and hosting addresses that hit the perimeter IDS but never sign in. */
const SCANNER_BLOCKS: Block[] = [
  { prefix: '45.148.10', v6: false, geo: GEO.amsterdam, asn: 48090, org: 'Techoff Srv Limited' },
  { prefix: '80.94.95', v6: false, geo: GEO.bucharest, asn: 204428, org: 'SS-Net' },
  { prefix: '162.216.149', v6: false, geo: GEO.newYork, asn: 396982, org: 'Google LLC' },
  { prefix: '167.94.138', v6: false, geo: GEO.chicago, asn: 398705, org: 'Censys, Inc.' },
  { prefix: '183.136.225', v6: false, geo: GEO.hongKong, asn: 4134, org: 'Chinanet' },
  { prefix: '2a06:4880:5000', v6: true, geo: GEO.amsterdam, asn: 211680, org: 'Bitsight Technologies' },
];

/** Random addresses that threat feeds list (malware C2, botnets) which nobody in the tenant talks to. */
const FEED_BLOCKS: Block[] = [
  { prefix: '91.92.24', v6: false, geo: GEO.bucharest, asn: 394711, org: 'Limenet' },
  { prefix: '154.216.1', v6: false, geo: GEO.saoPaulo, asn: 328543, org: 'SunCommunications' },
  { prefix: '194.180.48', v6: false, geo: GEO.frankfurt, asn: 213887, org: 'Waicore Ltd' },
  { prefix: '147.45.4', v6: false, geo: GEO.moscow, asn: 210644, org: 'Aeza International Ltd' },
  { prefix: '2a0e:97c0:3e', v6: true, geo: GEO.amsterdam, asn: 210558, org: 'Services 4 Internet Ltd' },
];

const fixed = (ip: string, geo: Geo, asn: number, org: string): Place => ({ ip, geo, as: { number: asn, organization: { name: org } } });

/** The tenant's shared egress points. */
export const CORPORATE = {
  /** Cloud web proxy every office user goes through (shared by many users). */
  proxy: fixed('165.225.72.41', GEO.seattle, 53813, 'Zscaler, Inc.'),
  /** London branch direct internet breakout. */
  branch: fixed('81.144.201.38', GEO.london, 2856, 'British Telecommunications PLC'),
  /** Remote-access VPN concentrator hosted in Azure. */
  vpn: fixed('20.112.52.29', GEO.redmond, 8075, 'Microsoft Corporation'),
  vpnV6: fixed('2603:1030:c02:8::2e', GEO.redmond, 8075, 'Microsoft Corporation'),
};

/** Addresses used by planted stories. Public hosting ranges; one address per story so stories never interact. */
export const STORY_PLACES = {
  stuffing: fixed('45.137.21.9', GEO.amsterdam, 44477, 'Stark Industries Solutions Ltd'),
  neverSignsIn: fixed('193.32.162.77', GEO.bucharest, 47890, 'Unmanaged Ltd'),
  signinBeforeAlert: fixed('89.248.165.52', GEO.amsterdam, 202425, 'IP Volume inc'),
  tiActive: fixed('194.26.192.64', GEO.stPetersburg, 206728, 'Media Land LLC'),
  tiExpired: fixed('5.188.86.171', GEO.stPetersburg, 49505, 'Selectel Ltd.'),
  tiStale: fixed('141.98.10.63', GEO.vilnius, 209605, 'UAB Host Baltic'),
  tiSuperseded: fixed('103.251.167.20', GEO.singapore, 135377, 'UCLOUD INFORMATION TECHNOLOGY (HK) LIMITED'),
  tiIpv6: fixed('2a03:b0c0:3:d0::1b2:4001', GEO.frankfurt, 14061, 'DigitalOcean, LLC'),
  both: fixed('176.111.174.26', GEO.moscow, 48430, 'FIRST SERVER LIMITED'),
  officeOnlyTi: fixed('62.204.41.88', GEO.lagos, 59425, 'Horizon LLC'),
  filebeatLegacy: fixed('185.243.115.84', GEO.zurich, 51852, 'Private Layer INC'),
} as const;

/**
 * Addresses of the noise stories (noise_stories.ts): benign activity that real tenants have and that breeds
 * false positives. Outside every generated background block, so nothing else uses them.
 */
export const NOISE_PLACES = {
  /** T-Mobile USA public CGNAT egress (172.32.0.0/11): thousands of subscribers share it */
  carrierCgnat: fixed('172.56.21.140', GEO.seattle, 21928, 'T-Mobile USA, Inc.'),
  /** the EU remote-access VPN gateway, hosted in Azure Frankfurt */
  vpnEu: fixed('20.52.118.7', GEO.frankfurt, 8075, 'Microsoft Corporation'),
  /** a Zscaler cloud node in Frankfurt (secure web gateway egress shared by Zscaler's customers) */
  swgNode: fixed('165.225.26.101', GEO.frankfurt, 53813, 'Zscaler, Inc.'),
  /** hotel guest Wi-Fi in Singapore */
  hotelWifi: fixed('116.88.42.19', GEO.singapore, 4657, 'StarHub Ltd'),
  /** a Comcast home address re-leased to a user after a botnet-infected customer held it */
  recycledHome: fixed('73.162.85.19', GEO.seattle, 7922, 'Comcast Cable Communications, LLC'),
  /** a Tor exit relay */
  torExit: fixed('185.220.101.47', GEO.berlin, 60729, 'Stiftung Erneuerbare Freiheit'),
  /** attacker hosting address whose ThreatFox IOC expires minutes after the sign-in */
  expiringIoc: fixed('45.95.147.236', GEO.amsterdam, 49870, 'Alsycon B.V.'),
} as const;

function address(rng: Prng, block: Block): string {
  if (block.v6) {
    const groups = block.prefix.split(':').length;
    const rest: string[] = [];
    for (let i = groups; i < 8; i++) rest.push(rng.int(i === 7 ? 1 : 0, 0xffff).toString(16));
    return `${block.prefix}:${rest.join(':')}`;
  }
  const parts = block.prefix.split('.').length;
  const rest: number[] = [];
  for (let i = parts; i < 4; i++) rest.push(rng.int(i === 3 ? 2 : 0, i === 3 ? 253 : 255));
  return `${block.prefix}.${rest.join('.')}`;
}

const placeFrom = (rng: Prng, blocks: Block[], v6?: boolean): Place => {
  const pool = v6 === undefined ? blocks : blocks.filter((b) => b.v6 === v6);
  const b = rng.pick(pool);
  return { ip: address(rng, b), geo: b.geo, as: { number: b.asn, organization: { name: b.org } } };
};

export const homePlace = (rng: Prng, region: 'us' | 'uk' | 'de', v6: boolean): Place => {
  const byRegion = HOME_BLOCKS.filter((b) =>
    region === 'us' ? b.geo.country_iso_code === 'US' : region === 'uk' ? b.geo.country_iso_code === 'GB' : b.geo.country_iso_code === 'DE'
  );
  const pool = byRegion.filter((b) => b.v6 === v6);
  return placeFrom(rng, pool.length > 0 ? pool : byRegion);
};
export const mobilePlace = (rng: Prng, v6: boolean) => placeFrom(rng, MOBILE_BLOCKS, v6);
export const scannerPlace = (rng: Prng) => placeFrom(rng, SCANNER_BLOCKS);
export const feedPlace = (rng: Prng) => placeFrom(rng, FEED_BLOCKS);

/** Private (RFC 1918) addresses of internal hosts, as seen by the IDS. */
export const internalIp = (rng: Prng) => `10.${rng.int(10, 40)}.${rng.int(0, 255)}.${rng.int(2, 250)}`;
/** The tenant's DMZ servers that scanners hit. */
export const DMZ_IPS = ['52.160.91.10', '52.160.91.11', '52.160.91.25'];
