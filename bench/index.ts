import { geoBench } from './geo.bench';
import { machineLine } from './machine';

/** Every benchmark prints ratios against a baseline measured in the same run, on this machine. */
const lines = [`Rumbo benchmarks — ${machineLine()}`, '', ...geoBench()];
process.stdout.write(`${lines.join('\n')}\n`);
