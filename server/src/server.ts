import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { startDemo } from './demo/simulator';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`rumbo: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const app = await buildApp({
  config,
  logger: {
    level: config.logLevel,
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  },
});

if (config.adminTokenGenerated) {
  app.log.warn(`RUMBO_ADMIN_TOKEN is not set; generated admin token for this run: ${config.adminToken}`);
}
const stopDemo = config.demo
  ? await startDemo({ store: app.store, caravans: app.caravans, ingest: app.ingest, log: app.log })
  : async () => {};

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await stopDemo();
  await app.close();
});

await app.listen({ port: config.port, host: config.host });
app.log.info(`Rumbo is up: newsroom at http://localhost:${config.port}/ (store: ${app.store.kind})`);
