/**
 * A loopback proxy in front of the stand-in model that notes, for every request, when it arrived, a
 * fingerprint of its body and how it ended; the stand-in itself stays untouched.
 */
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** Arrival time (epoch ms). */
  atMs: number;
  /** Answer time (epoch ms); undefined while in flight or when the caller went away. */
  doneMs?: number;
  /** sha256 of the request body: the same call made again has the same fingerprint. */
  fingerprint: string;
  /** HTTP status answered; 0 while in flight or when the caller went away first. */
  status: number;
  /** The structured answer asked for (e.g. page_summary), else "text". */
  label: string;
}

export interface LlmProxy {
  /** The proxy's base URL, with the target's path (e.g. http://127.0.0.1:P/v1). */
  baseUrl: string;
  requests: ProxiedRequest[];
  inFlight(): number;
  close(): Promise<void>;
}

export async function startLlmProxy(targetBaseUrl: string): Promise<LlmProxy> {
  const target = new URL(targetBaseUrl);
  const requests: ProxiedRequest[] = [];
  let open = 0;
  const server = createServer((req, res) => {
    const record: ProxiedRequest = { atMs: Date.now(), fingerprint: '', status: 0, label: 'text' };
    requests.push(record);
    open++;
    let settled = false;
    const settle = () => {
      if (!settled) {
        settled = true;
        open--;
      }
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      record.fingerprint = createHash('sha256').update(body).digest('hex');
      record.label = /"json_schema":\{"name":"(\w+)"/.exec(body.toString('utf8'))?.[1] ?? 'text';
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => {
            record.status = answer.statusCode ?? 502;
            record.doneMs = Date.now();
            settle();
          });
        },
      );
      upstream.on('error', () => {
        settle();
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
        settle();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/$/, '')}`,
    requests,
    inFlight: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answered calls (200) whose identical request had already been answered: work done twice. */
export function repeatedCalls(requests: readonly ProxiedRequest[]): ProxiedRequest[] {
  const answered = new Set<string>();
  const repeats: ProxiedRequest[] = [];
  for (const r of [...requests].filter((x) => x.status === 200).sort((a, b) => a.atMs - b.atMs)) {
    if (answered.has(r.fingerprint)) repeats.push(r);
    else answered.add(r.fingerprint);
  }
  return repeats;
}
