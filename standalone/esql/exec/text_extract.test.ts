// DISSECT / GROK cases from the reference examples.
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';

const run = (query: string) => executeEsql({ query }, testCatalog({}));
const table = (r: ReturnType<typeof run>) => [r.columns.map((c) => `${c.name}:${c.type}`), ...r.values];

describe('DISSECT', () => {
  it('docs examples', () => {
    const r = run('ROW a = "2023-01-23T12:15:00.000Z - some text - 127.0.0.1" | DISSECT a """%{date} - %{msg} - %{ip}""" | KEEP date, msg, ip');
    expect(table(r)).toEqual([['date:keyword', 'msg:keyword', 'ip:keyword'], ['2023-01-23T12:15:00.000Z', 'some text', '127.0.0.1']]);
    const j = run('ROW message="john jacob jingleheimer schmidt" | DISSECT message "%{+name} %{+name} %{+name} %{+name}" APPEND_SEPARATOR=" "');
    expect(j.values).toEqual([['john jacob jingleheimer schmidt', 'john jacob jingleheimer schmidt']]);
  });

  it('no match gives nulls; right padding skips repeated delimiters; skip keys', () => {
    expect(run('ROW a = "no match" | DISSECT a "%{x}-%{y}" | KEEP x, y').values).toEqual([[null, null]]);
    expect(run('ROW a = "a    b" | DISSECT a "%{x->} %{y}" | KEEP x, y').values).toEqual([['a', 'b']]);
    expect(table(run('ROW a = "1 2 3" | DISSECT a "%{x} %{?skip} %{z}" | KEEP x, z'))).toEqual([['x:keyword', 'z:keyword'], ['1', '3']]);
  });
});

describe('GROK', () => {
  it('docs example', () => {
    const r = run('ROW a = "2023-01-23T12:15:00.000Z 127.0.0.1 some.email@foo.com 42" | GROK a """%{TIMESTAMP_ISO8601:date} %{IP:ip} %{EMAILADDRESS:email} %{NUMBER:num}""" | KEEP date, ip, email, num');
    expect(table(r)).toEqual([['date:keyword', 'ip:keyword', 'email:keyword', 'num:keyword'], ['2023-01-23T12:15:00.000Z', '127.0.0.1', 'some.email@foo.com', '42']]);
  });

  it('type suffixes and alternatives', () => {
    expect(table(run('ROW a = "12 x" | GROK a "%{NUMBER:num:int} %{WORD:w}" | KEEP num, w'))).toEqual([['num:integer', 'w:keyword'], [12, 'x']]);
    expect(run('ROW a = "zzz" | GROK a "%{INT:n}", "%{WORD:n}"').values).toEqual([['zzz', 'zzz']]);
  });
});
