import { BenchRedis } from './bench-redis';
import { batchesBench } from './batches.bench';
import { capacityBench } from './capacity.bench';
import { crossInstanceBench } from './cross-instance.bench';
import { fanoutBench } from './fanout.bench';
import { geoBench } from './geo.bench';
import { imagesBench } from './images.bench';
import { ingestBench } from './ingest.bench';
import { loadLine, machineLine } from './machine';
import { pagesBench } from './pages.bench';
import { publicSnapshotBench } from './public-snapshot.bench';
import { readersBench } from './readers.bench';

/**
 * Every benchmark prints ratios against a baseline measured in the same run, on this machine;
 * all network traffic stays on 127.0.0.1. `npm run bench -- fanout public-snapshot` runs only
 * the benchmarks named.
 */
const benchmarks: Record<string, (redis: BenchRedis) => string[] | Promise<string[]>> = {
  geo: geoBench,
  ingest: ingestBench,
  batches: batchesBench,
  fanout: fanoutBench,
  'cross-instance': crossInstanceBench,
  'public-snapshot': publicSnapshotBench,
  images: imagesBench,
  pages: () => pagesBench(),
  readers: readersBench,
  capacity: () => capacityBench(),
};

const print = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n\n`);

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benchmarks));
if (unknown.length > 0) throw new Error(`no benchmark ${unknown.join(', ')}; there are ${Object.keys(benchmarks).join(', ')}`);

print([`Rumbo benchmarks — ${machineLine()}`, loadLine()]);
const redis = new BenchRedis();
try {
  for (const [name, run] of Object.entries(benchmarks)) {
    if (chosen.length > 0 && !chosen.includes(name)) continue;
    // One benchmark failing (a server refusing under load, say) says so and lets the others run.
    const lines = await (async () => run(redis))().catch((error: Error) => {
      process.exitCode = 1;
      return [`${name}: FAILED: ${error.stack ?? error.message}`];
    });
    print(lines);
  }
} finally {
  await redis.close();
}
print([`done; ${loadLine()}`]);
