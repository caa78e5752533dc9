// `npm run es:local -- --data DIR --port 9200 [--max-content-length 100mb]`: the embedded engine as a local
// server on 127.0.0.1.
import { startEngine } from './index';

function usage(): never {
  process.stderr.write('usage: es:local [--data DIR] [--port 9200] [--max-content-length 100mb]   (no --data = in-memory)\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let dataDir: string | undefined;
  let port = 9200;
  let maxContentLength: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--data' || a === '--data-dir') dataDir = args[++i] ?? usage();
    else if (a === '--port') {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage();
    } else if (a === '--max-content-length') {
      // ES http.max_content_length, a byte size such as 100mb / 512kb / 1048576b.
      const m = /^(\d+)(b|kb|mb|gb)?$/i.exec(args[++i] ?? '');
      if (!m) usage();
      maxContentLength = Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
    } else if (a === '--help' || a === '-h') usage();
    else usage();
  }
  const engine = await startEngine({ dataDir, port, maxContentLength });
  process.stdout.write(`Embedded Elasticsearch-compatible engine listening on ${engine.url} (${dataDir ? `data: ${dataDir}` : 'in-memory'})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    engine.close().then(
      () => {
        process.stdout.write(`stopped (${signal})\n`);
        process.exit(0);
      },
      (e) => {
        process.stderr.write(`error while stopping: ${String(e)}\n`);
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
