// Writes a generated sample as `<index>.ndjson` + `<index>.mapping.json` + `manifest.json`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleData } from './generate';

export async function writeSampleData(dir: string, data: SampleData): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [index, { mapping, docs }] of data.indices) {
    const nd = join(dir, `${index}.ndjson`);
    await writeFile(nd, docs.map((d) => JSON.stringify(d)).join('\n') + (docs.length ? '\n' : ''));
    const mp = join(dir, `${index}.mapping.json`);
    await writeFile(mp, JSON.stringify(mapping, null, 2) + '\n');
    written.push(nd, mp);
  }
  const mf = join(dir, 'manifest.json');
  await writeFile(mf, JSON.stringify(data.manifest, null, 2) + '\n');
  written.push(mf);
  return written;
}
