/**
 * The worker's Prometheus endpoint: `GET /metrics` on WORKER_METRICS_PORT answers the research metrics
 * (prom-client) followed by the Temporal SDK's own (task slots, polls, latencies, and the runs' outcomes the
 * workflow records through its meter), which the SDK's Runtime exports on the next port, on loopback only.
 * One scrape target per worker; the two sets share no metric name (ours start with research_ or are the
 * process's, the SDK's with temporal_).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResearchMetrics } from './research';

export interface MetricsServerOptions {
  host: string;
  port: number;
  /** The SDK's Prometheus exporter (Runtime telemetryOptions), e.g. http://127.0.0.1:9465/metrics. */
  sdkUrl?: string;
}

/** The SDK's exporter's address for a worker serving on `port`: the next port, loopback only. */
export function sdkMetricsAddress(port: number): string {
  return `127.0.0.1:${port + 1}`;
}

export async function startMetricsServer(metrics: ResearchMetrics, options: MetricsServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    void scrape(metrics, options.sdkUrl).then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Ours, then the SDK's; when the SDK's does not answer, ours alone with a comment saying so. */
async function scrape(metrics: ResearchMetrics, sdkUrl: string | undefined): Promise<string> {
  const ours = await metrics.registry.metrics();
  if (!sdkUrl) return ours;
  const sdk = await fetch(sdkUrl, { signal: AbortSignal.timeout(2_000) })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .catch((err: unknown) => `# the Temporal SDK's metrics at ${sdkUrl} did not answer: ${err instanceof Error ? err.message : String(err)}\n`);
  return `${ours.endsWith('\n') ? ours : `${ours}\n`}${sdk}`;
}
