// Append-only record log with [u32 length][u32 crc32][payload] framing. A torn or corrupt tail (crash mid-write)
// is detected by length/checksum and truncated on open, so everything before it stays readable.
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const HEADER = 8;
/** Sanity bound for one frame; a larger length can only come from a torn header. */
const MAX_FRAME = 1 << 30;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(zlib.crc32(payload), 4);
  payload.copy(frame, HEADER);
  return frame;
}

export interface ReadResult {
  records: Buffer[];
  /** Byte offset just after the last valid frame. */
  validLength: number;
  /** Bytes discarded after the last valid frame (0 = clean). */
  discarded: number;
}

export function decodeFrames(buf: Buffer): ReadResult {
  const records: Buffer[] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    const len = buf.readUInt32LE(off);
    const crc = buf.readUInt32LE(off + 4);
    if (len > MAX_FRAME || off + HEADER + len > buf.length) break;
    const payload = buf.subarray(off + HEADER, off + HEADER + len);
    if (zlib.crc32(payload) !== crc) break;
    records.push(payload);
    off += HEADER + len;
  }
  return { records, validLength: off, discarded: buf.length - off };
}

/** One log file. Appends are synchronous and fsync'ed before returning, so a returned append is durable. */
export class RecordLog {
  private fd: number;
  private size: number;

  private constructor(private readonly file: string, fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }

  /** Bytes currently in the log. */
  get bytes(): number {
    return this.size;
  }

  /** Opens (creating if needed) the log, returns its valid records and truncates any torn tail. */
  static open(file: string): { log: RecordLog; records: Buffer[]; discarded: number } {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buf, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const { records, validLength, discarded } = decodeFrames(buf.subarray(0, read));
    if (discarded > 0 || read < size) {
      fs.ftruncateSync(fd, validLength);
      fs.fsyncSync(fd);
    }
    return { log: new RecordLog(file, fd, validLength), records, discarded };
  }

  /** Appends the payloads as one write and fsyncs. */
  append(payloads: Buffer[]): void {
    if (payloads.length === 0) return;
    const buf = Buffer.concat(payloads.map(encodeFrame));
    let off = 0;
    const pos = this.size;
    const crashAt = crashPoint();
    while (off < buf.length) {
      let len = Math.min(buf.length - off, 1 << 20);
      if (crashAt !== null && pos + off + len > crashAt) len = Math.max(0, crashAt - pos - off);
      if (len > 0) off += fs.writeSync(this.fd, buf, off, len, pos + off);
      if (crashAt !== null && pos + off >= crashAt) {
        fs.fsyncSync(this.fd);
        process.kill(process.pid, 'SIGKILL'); // fault injection for the kill-mid-write test
      }
    }
    fs.fsyncSync(this.fd);
    this.size = pos + buf.length;
  }

  /** Replaces the log content atomically (compaction): write a temp file, fsync, rename over, fsync the dir. */
  rewrite(payloads: Buffer[]): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    const buf = Buffer.concat(payloads.map(encodeFrame));
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off, off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    fsyncDir(path.dirname(this.file));
    this.fd = fs.openSync(this.file, fs.constants.O_RDWR);
    this.size = buf.length;
  }

  close(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/**
 * Test-only fault injection: with ESQL_ENGINE_CRASH_AT_LOG_BYTES=N the process SIGKILLs itself once a log
 * reaches N bytes in the middle of an append, leaving a genuinely torn frame on disk.
 */
function crashPoint(): number | null {
  const v = process.env.ESQL_ENGINE_CRASH_AT_LOG_BYTES;
  return v && /^\d+$/.test(v) ? Number(v) : null;
}

export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync directories; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes a small file atomically and durably (temp + fsync + rename + dir fsync). */
export function writeFileDurable(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}
