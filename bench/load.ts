import autocannon from 'autocannon';

/** How hard autocannon pushes: the same shape for a result and its baseline. */
export interface LoadShape {
  connections: number;
  pipelining: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not of the expected status class, plus connection errors and timeouts. */
  unexpected: number;
  total: number;
  /** Answers by status code, e.g. "201: 25,310". */
  statuses: string;
}

/**
 * Runs autocannon against one route of `baseUrl` from this process (the server under test runs
 * in another, so they do not share a core's event loop). `expected` is the status class every
 * answer should have, e.g. '2xx'.
 */
export async function load(
  baseUrl: string,
  request: autocannon.Request,
  shape: LoadShape,
  expected: '2xx' | '3xx' = '2xx',
): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: shape.connections,
    pipelining: shape.pipelining,
    duration: shape.durationSeconds,
    requests: [request],
  });
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    unexpected: answered - result[expected] + result.errors + result.timeouts,
    total: answered,
    statuses: Object.entries(result.statusCodeStats ?? {})
      .map(([status, { count = 0 }]) => `${status}: ${count}`)
      .join(', '),
  };
}
