/**
 * Turning metrics on in a worker process (`npm run worker`, `npm start`) when WORKER_METRICS_PORT is set: the
 * SDK's Runtime with its Prometheus exporter (installed before the first connection, as the SDK requires) on
 * the next port, loopback only, and our endpoint serving both on the port.
 */
import { Runtime } from '@temporalio/worker';
import { ResearchMetrics } from './research';
import { sdkMetricsAddress, startMetricsServer } from './server';

export async function installWorkerMetrics(settings: { host: string; port: number }): Promise<{ metrics: ResearchMetrics; url: string; close(): Promise<void> }> {
  const sdkAddress = sdkMetricsAddress(settings.port);
  Runtime.install({
    telemetryOptions: {
      metrics: { prometheus: { bindAddress: sdkAddress, useSecondsForDurations: true, countersTotalSuffix: true } },
    },
  });
  const metrics = new ResearchMetrics();
  const server = await startMetricsServer(metrics, { ...settings, sdkUrl: `http://${sdkAddress}/metrics` }).catch((err: unknown) => {
    throw new Error(`cannot serve metrics on ${settings.host}:${settings.port} (WORKER_METRICS_PORT): ${err instanceof Error ? err.message : String(err)}`);
  });
  return { metrics, ...server };
}
