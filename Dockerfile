# syntax=docker/dockerfile:1

# Build stage: every dependency, the Vite client build (client/dist) and the server bundle (server/dist).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so source edits do not invalidate the cached `npm ci` layer.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci
COPY . .
RUN npm run build

# Runtime stage: the bundle, the built client and production dependencies only; no compiler, no dev tools.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
# The bundle holds shared's source but imports shared's npm dependencies (turf, flatbush, ...): install both workspaces.
# The client's manifest stays out: its packages (maplibre, world-atlas, ...) are in client/dist already.
RUN npm ci --omit=dev -w server -w shared && npm cache clean --force
COPY --from=build /app/server/dist server/dist
# The map images' bundled fonts, found beside the bundle (server/assets/fonts).
COPY --from=build /app/server/assets server/assets
COPY --from=build /app/client/dist client/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server/dist/server.js"]
