import { DEFAULT_RULE_PARAMS } from '../../common/params';
import { fakeEsClient, iso, networkRow, pairRow, signinIpRow, tiRow } from './__fixtures__/fake_esql_client';
import { runCorrelation } from './correlate';
import { FRAMEWORK_MAPPED_FIELDS, KEYWORD_IGNORE_ABOVE, cloudIdentityFieldMap } from './field_map';

describe('field map', () => {
  it('maps every field the alert payload carries, with a valid type', async () => {
    const ip = '45.155.205.233';
    const es = fakeEsClient({ network: [networkRow(ip)], signin_ips: [signinIpRow(ip)], ti: [tiRow(ip)], pairs: [pairRow(ip, 'alice@contoso.com')] });
    const { alerts } = await runCorrelation({ esClient: es, params: DEFAULT_RULE_PARAMS, dateStart: iso(-60), dateEnd: iso(60) });
    expect(alerts[0].summary.detection).toBe('both');
    const keys = Object.keys(alerts[0].payload);
    const unmapped = keys.filter((k) => !(k in cloudIdentityFieldMap) && !FRAMEWORK_MAPPED_FIELDS.includes(k));
    expect(unmapped).toEqual([]);
    // nested threat.enrichments sub-fields are mapped too
    const enrichment = (alerts[0].payload['threat.enrichments'] as any[])[0];
    const flat = (o: any, p: string): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${p}.${k}`) : [`${p}.${k}`]));
    expect(flat(enrichment, 'threat.enrichments').filter((k) => !(k in cloudIdentityFieldMap))).toEqual([]);
    for (const [k, v] of Object.entries(cloudIdentityFieldMap)) {
      expect(['keyword', 'ip', 'date', 'long', 'float', 'nested']).toContain(v.type);
      expect(v.required).toBe(false);
      expect(k).toMatch(/^[a-z_@][a-z0-9_.]*$/);
    }
  });

  it('gives every keyword ignore_above 1024, as the ECS field map does', () => {
    expect(KEYWORD_IGNORE_ABOVE).toBe(1024);
    const keywords = Object.entries(cloudIdentityFieldMap).filter(([, v]) => v.type === 'keyword');
    expect(keywords.length).toBeGreaterThan(40);
    expect(keywords.filter(([, v]) => v.ignore_above !== 1024).map(([k]) => k)).toEqual([]);
  });
});
