import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AccountCreated } from '@rumbo/shared';
import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis-store';
import { TEST_REDIS_URL, createCaravan, postReports } from '../helper';
import { useTestApp } from '../use-test-app';

const CLI = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const run = promisify(execFile);

/** Runs the CLI as a user would, against the test Redis; resolves stdout, stderr and exit code. */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, REDIS_URL: TEST_REDIS_URL },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('accounts CLI', () => {
  const setup = useTestApp(() => new RedisStore(TEST_REDIS_URL), { config: { redisUrl: TEST_REDIS_URL } });

  it('creates a reporter whose printed token posts to its caravan, and revokes it on the running server', async () => {
    const caravanId = await createCaravan(setup.app);
    const created = await cli('reporter', 'create', '--name', 'Marta', '--caravan', caravanId);
    expect(created.code).toBe(0);
    const reporter = JSON.parse(created.stdout) as AccountCreated;
    expect(reporter).toMatchObject({ name: 'Marta', caravans: [caravanId], role: 'reporter' });
    const headers = { authorization: `Bearer ${reporter.token}` };
    const report = { id: 'cli-1', lng: -92.2633, lat: 14.9056, recordedAt: '2024-01-01T13:00:00Z' };
    expect((await postReports(setup.app, caravanId, report, headers)).statusCode).toBe(201);

    const listed = await cli('reporter', 'list');
    expect(listed.stdout).toContain(reporter.id);
    expect(listed.stdout).not.toContain(reporter.token);

    // The server keeps the token's account (it just served it); the revoke tells it to forget it.
    expect((await cli('reporter', 'revoke', reporter.id)).code).toBe(0);
    // Well within the 5 s the server would keep it untold: the signal arrived.
    await expect
      .poll(async () => (await setup.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode, { timeout: 2_000 })
      .toBe(401);
    expect((await postReports(setup.app, caravanId, { ...report, id: 'cli-2' }, headers)).statusCode).toBe(401);
  }, 90_000);

  it('explains what it needs when the command is incomplete or the caravan unknown', async () => {
    const incomplete = await cli('reporter', 'create', '--name', 'Sin caravana');
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('needs --name and at least one --caravan');
    const unknown = await cli('reporter', 'create', '--name', 'X', '--caravan', 'no-such-caravan-here');
    expect(unknown.stderr).toContain('caravan no-such-caravan-here does not exist');
  }, 90_000);
});
