import fs from 'fs';
import os from 'os';
import path from 'path';
import fc from 'fast-check';
import { decodeFrames, encodeFrame, RecordLog } from './log';

const payloads = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(i * 7) })));

describe('RecordLog framing', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esql-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips appended records across reopen', () => {
    const file = path.join(dir, 'a.log');
    const { log } = RecordLog.open(file);
    log.append(payloads(3));
    log.append(payloads(2));
    log.close();
    const { log: again, records, discarded } = RecordLog.open(file);
    again.close();
    expect(discarded).toBe(0);
    expect(records.map((r) => JSON.parse(r.toString()).i)).toEqual([0, 1, 2, 0, 1]);
  });

  it('keeps every complete frame and truncates any torn tail (all cut points)', () => {
    const whole = Buffer.concat(payloads(6).map(encodeFrame));
    const boundaries = [0];
    for (const p of payloads(6)) boundaries.push(boundaries[boundaries.length - 1] + p.length + 8);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: whole.length }), fc.uint8Array({ maxLength: 40 }), (cut, garbage) => {
        const file = path.join(dir, `cut.log`);
        fs.writeFileSync(file, Buffer.concat([whole.subarray(0, cut), Buffer.from(garbage)]));
        const { log, records } = RecordLog.open(file);
        log.close();
        const complete = boundaries.filter((b) => b <= cut).length - 1;
        // Random garbage can never forge a valid CRC-framed record in practice; the complete prefix survives.
        expect(records.length).toBeGreaterThanOrEqual(complete);
        expect(records.slice(0, complete).map((r) => JSON.parse(r.toString()).i)).toEqual([...Array(complete).keys()]);
        // After recovery the file holds exactly the valid frames, so appends continue cleanly.
        expect(decodeFrames(fs.readFileSync(file)).discarded).toBe(0);
      }),
      { numRuns: 150 }
    );
  });

  it('stops at a corrupted checksum', () => {
    const file = path.join(dir, 'crc.log');
    const buf = Buffer.concat(payloads(3).map(encodeFrame));
    buf[buf.length - 3] ^= 0xff; // flip a payload byte of the last record
    fs.writeFileSync(file, buf);
    const { log, records, discarded } = RecordLog.open(file);
    log.append([Buffer.from('{"i":99}')]);
    log.close();
    expect(records).toHaveLength(2);
    expect(discarded).toBeGreaterThan(0);
    expect(decodeFrames(fs.readFileSync(file)).records.map((r) => JSON.parse(r.toString()).i)).toEqual([0, 1, 99]);
  });
});
