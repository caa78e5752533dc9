// The host's alerts index (mapped from the rule type's field map, as Kibana's alerts-as-data resources are)
// must accept an alert whose keyword fields carry very long values: a threat-intel description of 10 000
// characters is 40 000 UTF-8 bytes here, beyond Lucene's 32 766-byte term limit.
import { AlertsIndex } from '../../standalone/host/kibana/alerting/alerts_index';
import { cloudIdentityFieldMap } from '../../server/rule_type/field_map';
import type { FieldMap } from '@kbn/alerts-as-data-utils';
import { getTestEs, TestEs } from '../helpers/es_client';

let es: TestEs;
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as any;
// 10 000 characters of a 4-byte UTF-8 character (as a feed may send: emoji, math letters, CJK extensions)
const LONG = '\u{1D54F}'.repeat(10_000);
const doc = (id: string) => ({
  '@timestamp': '2026-03-01T11:00:00.000Z',
  'kibana.alert.uuid': id,
  'kibana.alert.rule.uuid': 'r',
  'threat.indicator.description': LONG,
  'cloud_identity.activity.objects': ['short.docx', LONG],
});

beforeAll(async () => {
  es = await getTestEs();
}, 60_000);
afterAll(async () => {
  await es?.close();
});

describe('alerts index and long keyword values', () => {
  it('accepts a 10 000-character indicator description (ignore_above 1024) and keeps it in _source', async () => {
    const index = new AlertsIndex(es.client, `long-ok-${Date.now().toString(36)}`, cloudIdentityFieldMap, logger);
    await expect(index.write([{ id: 'a1', doc: doc('a1') }])).resolves.toEqual([]);
    const got = await es.client.get({ index: index.name, id: 'a1' });
    expect((got._source as any)['threat.indicator.description']).toHaveLength(LONG.length);
    const mapping = await es.client.indices.getMapping({ index: index.name });
    const props = (mapping[index.name].mappings.properties as any).threat.properties.indicator.properties;
    expect(props.description).toEqual({ type: 'keyword', ignore_above: 1024 });
  });

  it('would fail the write without ignore_above (the immense-term limit is enforced)', async () => {
    const bare: FieldMap = Object.fromEntries(Object.entries(cloudIdentityFieldMap).map(([k, v]) => [k, { ...v, ignore_above: undefined }]));
    const errors: string[] = [];
    const index = new AlertsIndex(es.client, `long-bare-${Date.now().toString(36)}`, bare, { ...logger, error: (m: string) => errors.push(m) });
    // as in Kibana, a refused alert document is logged ("Error writing N out of M alerts") and the run goes on
    await expect(index.write([{ id: 'a2', doc: doc('a2') }])).resolves.toEqual(['a2']);
    expect(errors.join('\n')).toMatch(/Error writing 1 out of 1 alerts - .*immense term in field=\\?"threat\.indicator\.description/);
  });
});
