// FORK: the reference example plus branch-local STATS / LIMIT and the union schema.
import { executeEsql } from '.';
import { testCatalog } from './test_catalog';

const catalog = testCatalog({
  employees: {
    fields: { emp_no: 'integer', first_name: 'keyword', salary: 'integer' },
    docs: [
      { emp_no: 10001, first_name: 'Georgi', salary: 57305 },
      { emp_no: 10002, first_name: 'Bezalel', salary: 56371 },
      { emp_no: 10003, first_name: 'Parto', salary: 61805 },
    ],
  },
});
const run = (query: string) => executeEsql({ query }, catalog);

describe('FORK', () => {
  it('docs example: one row per matching branch, tagged with _fork', () => {
    const r = run('FROM employees | FORK ( WHERE emp_no == 10001 ) ( WHERE emp_no == 10002 ) | KEEP emp_no, _fork | SORT emp_no');
    expect(r.columns).toEqual([
      { name: 'emp_no', type: 'integer' },
      { name: '_fork', type: 'keyword' },
    ]);
    expect(r.values).toEqual([
      [10001, 'fork1'],
      [10002, 'fork2'],
    ]);
  });

  it('unions branch schemas; missing columns are null; branch LIMIT and STATS stay local', () => {
    const r = run('FROM employees | FORK (SORT salary DESC | LIMIT 1 | EVAL top = true) (STATS total = SUM(salary)) | SORT _fork');
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['emp_no:integer', 'first_name:keyword', 'salary:integer', 'top:boolean', 'total:long', '_fork:keyword']);
    expect(r.values).toEqual([
      [10003, 'Parto', 61805, true, null, 'fork1'],
      [null, null, null, null, 175481, 'fork2'],
    ]);
  });

  it('rejects conflicting column types across branches', () => {
    expect(() => run('FROM employees | FORK (EVAL x = 1) (EVAL x = "a")')).toThrow(/Column \[x\] has conflicting data types in FORK branches/);
  });
});
