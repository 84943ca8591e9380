import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, makeReport } from '../server/test/helper';
import { wallClockMs } from './clock';
import { bareEmitPath } from './server-api';
import { postNote, type ViewersProcess } from './viewers-api';

/**
 * Sends benchmark post number `post`, carrying its send time; resolves when the server has
 * answered: null when it took the post, else what it answered (an overloaded server sheds it).
 */
export type SendPost = (post: number) => Promise<string | null>;

/** A fix of a resting caravan at Tapachula: plausible, on the track, the note set just before sending. */
function fixInput(id: string) {
  return { id, lng: -92.2633, lat: 14.9056, recordedAt: new Date().toISOString(), accuracyM: 10, note: '' };
}

async function refusal(response: Response, status: number): Promise<string | null> {
  return response.status === status ? null : `${response.status} ${await response.text()}`;
}

/** Posts one report to Rumbo's API (as the admin): stored, then pushed to the caravan's viewers. */
export function rumboPoster(baseUrl: string, caravanId: string): SendPost {
  const run = randomBytes(4).toString('hex');
  return async (post) => {
    const input = fixInput(`fanout-${run}-${post}`);
    input.note = postNote(post, wallClockMs());
    const response = await fetch(`${baseUrl}/api/v1/caravans/${caravanId}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return refusal(response, 201);
  };
}

/** Posts to the bare server a `report:new` payload as Rumbo would push it, which it broadcasts as is. */
export function barePoster(baseUrl: string, caravanId: string): SendPost {
  const run = randomBytes(4).toString('hex');
  return async (post) => {
    const input = fixInput(`fanout-${run}-${post}`);
    const report = makeReport(caravanId, input, { reporterId: 'admin' });
    report.note = postNote(post, wallClockMs());
    const response = await fetch(`${baseUrl}${bareEmitPath(caravanId)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ caravanId, report }),
    });
    return refusal(response, 204);
  };
}

export interface RoundsResult {
  latenciesMs: number[][];
  missing: number;
  refused: string[];
}

export interface PostRounds {
  /**
   * Sends `warmup` then `measured` rounds, one post at a time; a round sends one post through
   * each sender in turn, each awaited until every viewer has it. Returns every receipt latency
   * (ms) of the measured posts, per sender, how many receipts were missing, and what the
   * server answered to the posts it did not take.
   */
  run(senders: SendPost[], warmup: number, measured: number): Promise<RoundsResult>;
}

/** Post rounds on one viewers process; post numbers stay unique across calls. */
export function postRounds(viewers: ViewersProcess, expectedViewers: () => number): PostRounds {
  let nextPost = 0;
  return {
    async run(senders, warmup, measured) {
      const measuredPosts: number[][] = senders.map(() => []);
      let missing = 0;
      const refused: string[] = [];
      for (let round = 0; round < warmup + measured; round++) {
        for (const [index, send] of senders.entries()) {
          const post = nextPost++;
          const refusal = await send(post);
          if (refusal) {
            refused.push(refusal);
            continue;
          }
          const { received } = await viewers.call('awaitPost', { post, timeoutMs: 30_000, quietMs: 50 });
          if (round >= warmup) {
            measuredPosts[index]!.push(post);
            missing += expectedViewers() - received;
          }
        }
      }
      const latenciesMs = await Promise.all(measuredPosts.map((posts) => viewers.call('latencies', { posts })));
      return { latenciesMs, missing, refused };
    },
  };
}
