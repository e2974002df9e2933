import { z } from 'zod';
import { requestJson, requestText } from '../../src/search/http';
import { type TestServer, startServer } from './helpers';

describe('search http helper', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('rejects with the caller’s own abort reason, untouched', async () => {
    server.respond({ hang: true });
    const reason = new Error('activity cancelled');
    const controller = new AbortController();
    const pending = requestText({ provider: 'test', url: `${server.baseUrl}/slow`, timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('sends nothing when the caller has already given up', async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    controller.abort();
    const pending = requestJson(
      { provider: 'test', url: `${server.baseUrl}/x`, timeoutMs: 5_000, signal: controller.signal },
      z.object({}),
    );
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests.length).toBe(before);
  });

  it('returns the validated body, extra fields stripped', async () => {
    server.respond({ body: { results: [{ url: 'https://example.com/', extra: true }], more: 1 } });
    const body = await requestJson(
      { provider: 'test', url: server.baseUrl, timeoutMs: 5_000 },
      z.object({ results: z.array(z.object({ url: z.string() })) }),
    );
    expect(body).toEqual({ results: [{ url: 'https://example.com/' }] });
  });
});
