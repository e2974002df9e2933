/**
 * The "Temporal UI:" line printed when a run starts points at a page that exists: the dev server's UI for a
 * local server, Temporal Cloud's web UI for a Cloud namespace, TEMPORAL_UI_URL when the user gives it, and,
 * for another server whose UI address cannot be known, the setting that gives a link (never a made-up port).
 */
import { loadConfig } from '../../src/config';
import { uiLine, uiLink } from '../../src/cli/format';

const ID = 'research-tensorflow-vs-pytorch-1a2b';

it('a local server: the dev server UI, on its port + 1000', () => {
  expect(uiLink({ address: '127.0.0.1:7233', namespace: 'default' }, ID)).toBe(`http://localhost:8233/namespaces/default/workflows/${ID}`);
  expect(uiLink({ address: 'localhost:7500', namespace: 'team a' }, ID)).toBe(`http://localhost:8500/namespaces/team%20a/workflows/${ID}`);
});

it('a Temporal Cloud namespace: the Cloud web UI, not the gRPC host', () => {
  expect(uiLink({ address: 'research.a1b2c.tmprl.cloud:7233', namespace: 'research.a1b2c' }, ID)).toBe(`https://cloud.temporal.io/namespaces/research.a1b2c/workflows/${ID}`);
});

it('TEMPORAL_UI_URL wins, with or without a trailing slash', () => {
  const cfg = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_UI_URL: 'https://temporal.example.com/' });
  expect(uiLine(cfg.temporal, ID)).toBe(`Temporal UI: https://temporal.example.com/namespaces/default/workflows/${ID}`);
});

it('another server without TEMPORAL_UI_URL: no guessed link, the setting that gives one', () => {
  expect(uiLink({ address: 'temporal.internal:7233', namespace: 'default' }, ID)).toBeUndefined();
  expect(uiLine({ address: 'temporal.internal:7233', namespace: 'default' }, ID)).toMatch(/^Temporal UI: set TEMPORAL_UI_URL to your Temporal UI/);
});

it('a TEMPORAL_UI_URL that is not a web address is a one-line configuration error', () => {
  expect(() => loadConfig({ TEMPORAL_UI_URL: 'temporal.example.com' })).toThrow(/TEMPORAL_UI_URL.*must be the Temporal UI address/);
});
