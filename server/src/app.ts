import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config';
import authPlugin from './plugins/auth';
import compressionPlugin from './plugins/compression';
import { compileTrustProxy } from './plugins/client-address';
import drainPlugin from './plugins/drain';
import errorsPlugin from './plugins/errors';
import jsonBodyPlugin from './plugins/json-body';
import loadSheddingPlugin from './plugins/load-shedding';
import metricsPlugin from './plugins/metrics';
import openapiPlugin from './plugins/openapi';
import oversizeBodyPlugin from './plugins/oversize-body';
import rateLimitPlugin from './plugins/rate-limit';
import securityHeadersPlugin from './plugins/security-headers';
import socketIoPlugin from './plugins/socket-io';
import storePlugin from './plugins/store';
import { createAlertEngine, type AlertEngine } from './alerts/alert-engine';
import type { AlertStore } from './alerts/alert-store';
import { MemoryAlertStore } from './alerts/memory-alert-store';
import { RedisAlertStore } from './alerts/redis-alert-store';
import { createChangeFeed, type ChangeFeed } from './changes/change-feed';
import { subscribeEffects } from './changes/effects';
import { createChangePusher, type ChangePusher } from './changes/push-changes';
import { createMapImages, type MapImages } from './public/map-image/map-images';
import { createPublicViews, type PublicViews } from './public/public-views';
import { createNewsroom, type Newsroom } from './realtime/newsroom';
import { createPublicNamespace, refusePublicNamespace } from './realtime/public-namespace';
import accountRoutes from './routes/accounts';
import alertRoutes from './routes/alerts';
import webhookRoutes from './routes/webhooks';
import caravanRoutes from './routes/caravans';
import clientConfigRoutes from './routes/client-config';
import exportRoutes from './routes/exports';
import healthRoutes from './routes/health';
import meRoutes from './routes/me';
import moderationRoutes from './routes/moderation';
import importGpxRoutes from './routes/import-gpx';
import osmandRoutes from './routes/ingest-osmand';
import oembedRoutes from './routes/oembed';
import publicRoutes from './routes/public';
import publicMapRoutes from './routes/public-map';
import publicSummaryRoutes from './routes/public-summary';
import sharePageRoutes from './routes/share-page';
import owntracksRoutes from './routes/ingest-owntracks';
import pageRoutes from './routes/pages';
import reportRoutes from './routes/reports';
import { createCaravanCache, type CaravanCache } from './services/caravan-cache';
import { createIngest, type Ingest } from './services/ingest';
import { RedisStore } from './store/redis-store';
import type { TrackStore } from './store/track-store';
import { createDeliveryWorker, DEFAULT_DELIVERY_TIMING, type DeliveryTiming } from './webhooks/delivery-worker';
import { queueDeliveries } from './webhooks/deliveries';
import { bodyAjv, queryAjv } from './validation';
import { gazetteer } from '@rumbo/shared/places';

declare module 'fastify' {
  interface FastifyInstance {
    /** Validate, store and push reports: the one ingest path for every route and the demo. */
    ingest: Ingest;
    /** Where every write is published; changes/effects.ts lists what each one causes. */
    changes: ChangeFeed;
    /** Pushes a caravan's stored changes not yet pushed to the change feed (changes/push-changes.ts). */
    pushChanges: ChangePusher['push'];
    /** Public snapshots: the only path from the store to public clients. */
    publicViews: PublicViews;
    /** Static map images of the public views, cached per snapshot and size (public/map-image). */
    mapImages: MapImages;
    /** Caravans as the ingest paths read them: parsed once, shared, forgotten when they change. */
    caravans: CaravanCache;
    /** Alert rules, claims, alerts and webhook deliveries, next to the tracks. */
    alertStore: AlertStore;
    /** Judges changes and silences against each caravan's alert rules. */
    alerts: AlertEngine;
    /** Settings the alert and webhook routes read. */
    alertSettings: { webhookAllowPrivate: boolean };
  }
}

/** Our own API's bodies are small; batches of 500 reports with notes fit well inside this. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * How often each instance looks for stored changes no writer pushed (a write whose reply timed out
 * after Redis ran it): the longest such a change waits to reach the dashboards.
 */
export const UNPUSHED_SWEEP_MS = 5_000;

export interface BuildAppOptions {
  config: Config;
  /** A store built by the caller (tests, benchmarks); default: from config.redisUrl. */
  store?: TrackStore;
  logger?: FastifyServerOptions['logger'];
  /** Where the built client lives; default client/dist. */
  clientDist?: string;
  /** How often newsroom sockets' tokens are checked again (tests); default ACCESS_RECHECK_MS. */
  newsroomAccessRecheckMs?: number;
  /** The clock the public release follows (ms since the epoch); tests move it past the delay. */
  now?: () => number;
  /** How often unpushed changes are swept (tests); default UNPUSHED_SWEEP_MS. */
  unpushedSweepMs?: number;
  /** Webhook delivery timing (tests make it short); default DEFAULT_DELIVERY_TIMING. */
  deliveryTiming?: Partial<DeliveryTiming>;
  /** How often who reported is written for the silence rules (tests that move the clock set 0); default HEARD_REFRESH_MS. */
  heardRefreshMs?: number;
}

/** Builds the whole application without listening: tests inject into it, server.ts listens. */
export async function buildApp({
  config,
  store,
  logger = false,
  clientDist,
  newsroomAccessRecheckMs,
  now = Date.now,
  unpushedSweepMs = UNPUSHED_SWEEP_MS,
  deliveryTiming,
  heardRefreshMs,
}: BuildAppOptions) {
  const trustProxy = compileTrustProxy(config.trustProxy);
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema));

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  // Before any route: it compresses the answers of the routes registered after it.
  await app.register(compressionPlugin);
  await app.register(openapiPlugin);
  await app.register(drainPlugin);
  await app.register(loadSheddingPlugin, { maxEventLoopDelayMs: config.maxEventLoopDelayMs });
  await app.register(jsonBodyPlugin);
  await app.register(storePlugin, { redisUrl: config.redisUrl, store, maxSpeedKmh: config.implausibleSpeedKmh });
  await app.register(authPlugin, { adminToken: config.adminToken });
  await app.register(rateLimitPlugin, { limitsPerMinute: config.rateLimitsPerMinute });
  await app.register(oversizeBodyPlugin);
  await app.register(socketIoPlugin, {
    allowedOrigins: config.publicOrigins,
    trustProxy,
    connectionsPerIp: config.socketConnectionsPerIp,
  });
  await app.register(metricsPlugin, { token: config.metricsToken, host: config.host });

  const caravans = createCaravanCache(app.store);
  app.decorate('caravans', caravans);
  const publicViews = createPublicViews({ store: app.store, caravans }, { now });
  app.decorate('publicViews', publicViews);
  app.decorate('mapImages', createMapImages(publicViews));
  const publicSockets = config.publicLive
    ? createPublicNamespace({
        io: app.io,
        views: publicViews,
        maxSocketsPerIp: config.publicSocketsPerIp,
        trustProxy,
        releaseIntervalMs: config.publicReleaseMs,
        log: app.log,
      })
    : refusePublicNamespace(app.io);
  app.addHook('onClose', async () => publicSockets.close());
  const newsroom = createNewsroom({
    io: app.io,
    store: app.store,
    caravans,
    principalForToken: app.principalForToken,
    log: app.log,
    reportPushed: app.metrics.reportPushed,
    accessRecheckMs: newsroomAccessRecheckMs,
    relay: app.reportRelay,
  });
  app.addHook('onClose', async () => newsroom.close());
  const alerts = wireAlerts(app, config, newsroom, now, { deliveryTiming, heardRefreshMs });
  const changes = createChangeFeed({ io: app.io, log: app.log });
  subscribeEffects({ feed: changes, newsroom, caravans, accounts: app.accounts, publicViews, publicSockets, alerts });
  app.decorate('changes', changes);
  const pusher = createChangePusher({
    store: app.store,
    caravans,
    changes,
    log: app.log,
    sweepMs: unpushedSweepMs,
    relay: app.reportRelay?.target,
  });
  app.addHook('onClose', async () => pusher.close());
  app.decorate('pushChanges', pusher.push);
  // The gazetteer's index (~30 ms) is built before the first fix is named, not during it.
  app.addHook('onReady', async () => void gazetteer());
  app.decorate(
    'ingest',
    createIngest({
      store: app.store,
      limits: { lowAccuracyM: config.lowAccuracyM },
      pushChanges: pusher.push,
      countResult: app.metrics.countIngest,
    }),
  );

  await app.register(healthRoutes);
  await app.register(clientConfigRoutes, {
    basemapStyleUrl: config.basemapStyleUrl,
    publicLive: config.publicLive,
    publicBaseUrl: config.publicBaseUrl,
  });
  await app.register(accountRoutes);
  await app.register(alertRoutes);
  await app.register(webhookRoutes);
  await app.register(caravanRoutes);
  await app.register(meRoutes);
  await app.register(moderationRoutes);
  await app.register(exportRoutes);
  await app.register(publicRoutes);
  await app.register(publicMapRoutes, { images: app.mapImages, now: publicViews.now });
  await app.register(publicSummaryRoutes);
  await app.register(sharePageRoutes, {
    publicOrigins: config.publicOrigins,
    basemapStyleUrl: config.basemapStyleUrl,
    publicBaseUrl: config.publicBaseUrl,
  });
  await app.register(oembedRoutes, { publicBaseUrl: config.publicBaseUrl });
  await app.register(reportRoutes);
  await app.register(importGpxRoutes);
  await app.register(osmandRoutes);
  await app.register(owntracksRoutes);
  await app.register(pageRoutes, {
    clientDist,
    publicOrigins: config.publicOrigins,
    basemapStyleUrl: config.basemapStyleUrl,
    publicBaseUrl: config.publicBaseUrl,
  });
  return app;
}
export type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * Alerts next to the tracks (in the same Redis, or in memory), judged by an engine whose alerts
 * go to the newsroom and to the webhooks' delivery queue; a worker on every instance delivers
 * that queue, and a sweep on every instance looks for silences.
 */
function wireAlerts(
  app: FastifyInstance,
  config: Config,
  newsroom: Pick<Newsroom, 'alertRaised'>,
  now: () => number,
  { deliveryTiming, heardRefreshMs }: Pick<BuildAppOptions, 'deliveryTiming' | 'heardRefreshMs'>,
): AlertEngine {
  const alertStore: AlertStore = app.store instanceof RedisStore ? new RedisAlertStore(app.store.redis) : new MemoryAlertStore();
  const worker = createDeliveryWorker({
    alertStore,
    timing: { ...DEFAULT_DELIVERY_TIMING, ...deliveryTiming },
    allowPrivate: config.webhookAllowPrivate,
    log: app.log,
  });
  const engine = createAlertEngine({
    store: app.store,
    alertStore,
    accounts: app.accounts,
    log: app.log,
    now,
    heardRefreshMs,
    raised: async (alert) => {
      newsroom.alertRaised(alert);
      if ((await queueDeliveries(alertStore, alert, Date.now(), config.webhookRetryMs, config.publicBaseUrl)).length > 0)
        worker.kick();
    },
  });
  const sweep = setInterval(() => void engine.sweepSilences(), config.alertSweepMs);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await worker.close();
  });
  app.decorate('alertStore', alertStore);
  app.decorate('alerts', engine);
  app.decorate('alertSettings', { webhookAllowPrivate: config.webhookAllowPrivate });
  return engine;
}
