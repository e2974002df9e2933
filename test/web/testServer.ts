/** A throwaway HTTP server on 127.0.0.1 with one handler per path, for fetch tests. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export interface TestServer {
  port: number;
  /** "127.0.0.1:<port>", the form allowedPrivateHosts takes. */
  host: string;
  url(path: string): string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startTestServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const route = routes[path.split('?')[0]!];
    if (route) route(request, response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    host: `127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function html(body: string, status = 200, headers: http.OutgoingHttpHeaders = {}): Route {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };
}

export function redirect(location: string | (() => string), status = 302): Route {
  return (_request, response) => {
    response.writeHead(status, { location: typeof location === 'function' ? location() : location }).end();
  };
}
