/**
 * `npm run codec-server`: the remote codec server for encrypted research runs (see temporal/codecServer.ts),
 * with the keys of RESEARCH_ENCRYPTION_KEYS, the token of CODEC_SERVER_TOKEN, on CODEC_SERVER_PORT of this
 * machine only (127.0.0.1: the browser and the CLI that use it run here).
 */
import { type Config, ConfigError, loadConfig } from './config';
import { createCodecServer } from './temporal/codecServer';
import { EncryptionCodec } from './temporal/encryption';

const HOST = '127.0.0.1';

export async function main(config: Config = loadConfig()): Promise<{ close(): Promise<void>; url: string }> {
  if (!config.encryption) throw new ConfigError('the codec server needs RESEARCH_ENCRYPTION_KEYS: the key file the runs were encrypted with');
  if (!config.codecServer.token) throw new ConfigError('the codec server needs CODEC_SERVER_TOKEN, a secret every request must carry (make one with: openssl rand -hex 32)');
  const server = createCodecServer({ codec: new EncryptionCodec(config.encryption), token: config.codecServer.token, uiOrigins: config.codecServer.uiOrigins });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new ConfigError(`port ${config.codecServer.port} is taken: set CODEC_SERVER_PORT to a free one`) : err),
    );
    server.listen(config.codecServer.port, HOST, () => resolve());
  });
  const url = `http://${HOST}:${config.codecServer.port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (require.main === module) {
  main().then(
    ({ url }) => {
      const config = loadConfig();
      const ids = config.encryption!.keys.map((k) => k.id).join(', ');
      const namespace = config.temporal.namespace;
      console.log(`Codec server on ${url} (keys ${ids} of ${config.encryption!.file}); it answers pages of ${config.codecServer.uiOrigins.join(', ')}.`);
      console.log(`  CLI:     temporal workflow show -w <id> --namespace ${namespace} --codec-endpoint '${url.replace(HOST, 'localhost')}/{namespace}' --codec-auth "Bearer $CODEC_SERVER_TOKEN"`);
      console.log(`  Web UI:  sign this browser in at ${url.replace(HOST, 'localhost')}/login, then set ${url.replace(HOST, 'localhost')}/${namespace} as the UI's codec endpoint with "Include cross-origin credentials" on.`);
    },
    (err: unknown) => {
      console.error(`codec-server: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
