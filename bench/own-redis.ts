import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../server/test/ops/own-redis';
import { sleep } from './clock';

/** What Redis itself says it did: commands by name, its CPU time and its memory. */
export interface RedisSample {
  callsByCommand: Map<string, number>;
  cpuSeconds: number;
  usedMemoryBytes: number;
}

export interface RedisUse {
  /** Commands Redis ran, by name, scripts' own commands included. */
  callsByCommand: Map<string, number>;
  cpuSeconds: number;
  memoryBytes: number;
}

/**
 * A Redis server of the benchmark's own (`redis-server` on a free port, nothing kept on disk,
 * unlike the tests' OwnRedis, whose append-only file would add its writes to Redis's CPU):
 * its INFO counts only what the benchmark makes it do, not what other clients of the shared
 * Redis on 6379 do meanwhile.
 */
export class OwnRedis {
  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly process: ChildProcess,
    readonly client: Redis,
  ) {}

  static async start(): Promise<OwnRedis> {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 50; attempt++) {
      const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      client.on('error', () => undefined); // a refused first try, while redis-server starts
      const connected = await client.connect().then(
        () => true,
        () => false,
      );
      if (connected) return new OwnRedis(`redis://127.0.0.1:${port}/0`, port, child, client);
      client.disconnect();
      await sleep(100);
    }
    child.kill();
    throw new Error(`redis-server on port ${port} did not answer`);
  }

  async sample(): Promise<RedisSample> {
    const info = await this.client.info('all');
    const field = (name: string) => Number(new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1] ?? NaN);
    const callsByCommand = new Map<string, number>();
    for (const [, command, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) callsByCommand.set(command!, Number(calls));
    return {
      callsByCommand,
      cpuSeconds: field('used_cpu_user') + field('used_cpu_sys'),
      usedMemoryBytes: field('used_memory'),
    };
  }

  /** What Redis did between two samples; the INFO command that took the second one is left out. */
  static use(before: RedisSample, after: RedisSample): RedisUse {
    const callsByCommand = new Map<string, number>();
    for (const [command, calls] of after.callsByCommand) {
      const done = calls - (before.callsByCommand.get(command) ?? 0) - (command === 'info' ? 1 : 0);
      if (done > 0) callsByCommand.set(command, done);
    }
    return {
      callsByCommand,
      cpuSeconds: after.cpuSeconds - before.cpuSeconds,
      memoryBytes: after.usedMemoryBytes - before.usedMemoryBytes,
    };
  }

  async stop(): Promise<void> {
    this.client.disconnect();
    this.process.kill();
    await new Promise((resolve) => this.process.once('exit', resolve));
  }
}
