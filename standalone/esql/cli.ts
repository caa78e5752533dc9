// `npm run es:local -- --data DIR --port 9200`: the embedded engine as a local server on 127.0.0.1.
import { startEngine } from './index';

function usage(): never {
  process.stderr.write('usage: es:local [--data DIR] [--port 9200]   (no --data = in-memory)\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let dataDir: string | undefined;
  let port = 9200;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--data' || a === '--data-dir') dataDir = args[++i] ?? usage();
    else if (a === '--port') {
      port = Number(args[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage();
    } else if (a === '--help' || a === '-h') usage();
    else usage();
  }
  const engine = await startEngine({ dataDir, port });
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
