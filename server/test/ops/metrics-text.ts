import type { App } from '../../src/app';

export type Labels = Record<string, string>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

const sampleKey = (name: string, labels: Labels) =>
  `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))}`;

/** Prometheus text exposition, read back: every sample's value, and every metric name it mentions. */
export class Scrape {
  readonly names = new Set<string>();
  private readonly values = new Map<string, number>();

  constructor(readonly text: string) {
    for (const line of text.split('\n')) {
      const comment = /^# (?:HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        this.names.add(comment[1]!);
        continue;
      }
      const match = SAMPLE.exec(line);
      if (!match) continue;
      const [, name, labelText = '', value] = match;
      const labels = Object.fromEntries([...labelText.matchAll(LABEL)].map(([, key, labelValue]) => [key!, labelValue!]));
      this.names.add(name!);
      this.values.set(sampleKey(name!, labels), Number(value));
    }
  }

  /** A sample's value; 0 when it is not there yet (a counter nobody has touched). */
  value(name: string, labels: Labels = {}): number {
    return this.values.get(sampleKey(name, labels)) ?? 0;
  }
}

/** GET /metrics (with these headers) as a Scrape; throws unless it answers 200. */
export async function scrape(app: App, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers });
  if (response.statusCode !== 200) throw new Error(`GET /metrics: ${response.statusCode} ${response.body}`);
  return new Scrape(response.body);
}
