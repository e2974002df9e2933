/**
 * Optional OpenTelemetry tracing of a worker (`npm run worker`, `npm start`), on when WORKER_OTEL_ENDPOINT
 * names an OTLP/HTTP traces endpoint (a collector, Jaeger, Tempo...). Built on the Temporal SDK's own
 * @temporalio/interceptors-opentelemetry (1.24.0, matching our SDK) rather than hand-made spans: the workflow's
 * spans (RunWorkflow, StartActivity) travel out of the sandbox through its sink, and the activities' spans
 * (RunActivity) are children of them through the activity headers, so one run is one trace.
 *
 * Span names and attributes are the SDK's (workflow and activity types, ids); no topic, query, URL or page
 * text is put on a span by us.
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';

export interface WorkerTracing {
  /** The activity interceptors that open a span per activity, under the workflow's span. */
  activity: ActivityInterceptorsFactory;
  /** The sink through which the workflow's spans leave the sandbox (the traced bundle calls it). */
  sinks: InjectedSinks<Record<string, never>>;
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

export function startWorkerTracing(settings: { endpoint: string }, serviceName = 'research-worker'): WorkerTracing {
  const resource = new Resource({ 'service.name': serviceName });
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
  // The global provider, the W3C propagator and a context manager: the SDK's interceptors find their tracer
  // through them, and an activity's span joins the trace its headers carry (no context manager: a new trace).
  provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  return {
    activity: (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
    sinks: { exporter: makeWorkflowExporter(processor, resource) } as unknown as InjectedSinks<Record<string, never>>,
    shutdown: () => provider.shutdown(),
  };
}
