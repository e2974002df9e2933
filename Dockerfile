# The research worker image: compiled JavaScript and the prebuilt workflow bundle, production dependencies
# only. No TypeScript, tsx or webpack at start; no offline world, tests or dev dependencies inside.
# Scale with more replicas on one task queue (docker-compose.yml).
# Node 24, the current LTS (Node 20's life ended in April 2026). The project's tests run on Node 20 and 24
# (package.json engines); this image is not built by CI here (no Docker engine on its machines).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# .dockerignore keeps tests, reports, caches and local tools out of the context.
COPY . .
# tsc to dist/, then the workflow bundle to dist/workflow-bundle.js; the offline world is compiled only
# because the sources mention it, and is dropped here.
RUN npm run build && rm -rf dist/offline dist/src/offline

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# Pages built by script are rendered in Debian's chromium through playwright-core (never a downloaded
# browser; src/web/render/pool.ts looks for /usr/bin/chromium). Without it they are skipped as needs-browser.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /reports && chown node:node /reports
USER node
# WORKER_METRICS_PORT (docker-compose.yml sets 9464): Prometheus metrics, research and the Temporal SDK's.
EXPOSE 9464
# SIGTERM: the worker stops polling and lets activities in flight finish (WORKER_SHUTDOWN_GRACE_MS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/worker.js"]
