# The research worker. Workflows and activities run here; scale with more replicas on one task queue.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN mkdir -p /reports && chown node:node /reports
USER node
CMD ["npx", "tsx", "src/worker.ts"]
