/**
 * Where the Temporal server is and how to talk to it, read the way every Temporal tool reads it: the
 * SDK's own loader (@temporalio/envconfig) over the `temporal.toml` profile and the TEMPORAL_* settings,
 * so one profile serves `temporal workflow list` and this product alike. config.ts calls
 * `resolveTemporalTarget` once; everything that connects (every command, the in-process worker,
 * `npm run worker` and `--adopt`) takes its options from the target it gives.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionOptions } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { type ClientConfigProfile, loadClientConfig, loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export const DEFAULT_ADDRESS = 'localhost:7233';
export const DEFAULT_NAMESPACE = 'default';

/** The server one configuration names, with everything needed to connect to it. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  /** TLS as the SDK takes it (certificates loaded); undefined or false: plain text. */
  tls?: TLSConfig | boolean;
  apiKey?: string;
  /** gRPC metadata from the profile (`grpc_meta`). */
  metadata?: Record<string, string>;
  /** Where the settings came from, for messages: `profile "prod" of /home/me/.config/temporalio/temporal.toml`, or `TEMPORAL_ADDRESS`. */
  source: string;
  /**
   * True only when nothing names another server: no TEMPORAL_ADDRESS, the local default address, no TLS, no
   * API key. Only then may `research` start the local dev server when nothing answers.
   */
  mayStartDevServer: boolean;
}

/** The settings this reads (already validated by config.ts), plus where the user's config folder is. */
export interface TemporalSettings {
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_NAMESPACE?: string;
  TEMPORAL_API_KEY?: string;
  TEMPORAL_TLS?: boolean;
  TEMPORAL_TLS_CLIENT_CERT_PATH?: string;
  TEMPORAL_TLS_CLIENT_KEY_PATH?: string;
  TEMPORAL_TLS_SERVER_CA_CERT_PATH?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
  TEMPORAL_PROFILE?: string;
  TEMPORAL_CONFIG_FILE?: string;
}

export class TemporalSettingsError extends Error {
  override name = 'TemporalSettingsError';
}

const ADDRESS = /^[^\s:/]+:\d{1,5}$/;

/**
 * The target the settings name: the profile (TEMPORAL_PROFILE, else `default`) of the config file
 * (TEMPORAL_CONFIG_FILE, else the Temporal CLI's default location), with the TEMPORAL_* settings over it.
 * A bad profile, an unreadable certificate or a half-given client certificate is one line naming it.
 */
export function resolveTemporalTarget(settings: TemporalSettings, location: { HOME?: string; XDG_CONFIG_HOME?: string; APPDATA?: string } = {}): TemporalTarget {
  const configFile = settings.TEMPORAL_CONFIG_FILE ?? defaultConfigFile(location);
  if (settings.TEMPORAL_CONFIG_FILE && !existsSync(settings.TEMPORAL_CONFIG_FILE)) {
    throw new TemporalSettingsError(`TEMPORAL_CONFIG_FILE names ${settings.TEMPORAL_CONFIG_FILE}, which does not exist`);
  }
  // Only the settings this product documents reach the loader (it would read more from a whole environment).
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...location, ...settings })) {
    if (value !== undefined) env[name] = typeof value === 'boolean' ? String(value) : value;
  }
  const fileProfiles = profilesIn(configFile, env);
  const profileName = settings.TEMPORAL_PROFILE ?? 'default';
  if (settings.TEMPORAL_PROFILE && !fileProfiles.includes(profileName)) {
    const known = fileProfiles.length > 0 ? `it has ${fileProfiles.map((p) => `"${p}"`).join(', ')}` : configFile && existsSync(configFile) ? 'it has none' : 'the file does not exist';
    throw new TemporalSettingsError(`TEMPORAL_PROFILE "${profileName}" is not a profile of ${configFile ?? 'the Temporal config file'} (${known})`);
  }
  const fromFile = fileProfiles.includes(profileName);
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: env });
  } catch (err) {
    throw new TemporalSettingsError(`cannot read the Temporal profile "${profileName}" of ${configFile}: ${(err as Error).message}`);
  }
  const source = fromFile ? `profile "${profileName}" of ${configFile}` : 'the TEMPORAL_* settings';
  const name = (envName: keyof TemporalSettings, field: string) => (settings[envName] !== undefined ? envName : `${field} in ${source}`);

  const address = profile.address ?? DEFAULT_ADDRESS;
  if (!ADDRESS.test(address)) throw new TemporalSettingsError(`${name('TEMPORAL_ADDRESS', 'address')} must be host:port, e.g. localhost:7233 (got "${address}")`);
  const namespace = profile.namespace ?? DEFAULT_NAMESPACE;
  if (!namespace.trim()) throw new TemporalSettingsError(`${name('TEMPORAL_NAMESPACE', 'namespace')} must not be empty`);

  const tls = profile.tls;
  if (tls && !tls.disabled) {
    const cert = tls.clientCert && 'path' in tls.clientCert ? tls.clientCert.path : undefined;
    const key = tls.clientKey && 'path' in tls.clientKey ? tls.clientKey.path : undefined;
    if (Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
      const [given, missing] = tls.clientCert
        ? [name('TEMPORAL_TLS_CLIENT_CERT_PATH', 'client_cert'), 'TEMPORAL_TLS_CLIENT_KEY_PATH (or the profile\'s client_key_path)']
        : [name('TEMPORAL_TLS_CLIENT_KEY_PATH', 'client_key'), 'TEMPORAL_TLS_CLIENT_CERT_PATH (or the profile\'s client_cert_path)'];
      throw new TemporalSettingsError(`${given} is set but ${missing} is not: a client certificate needs both`);
    }
    const ca = tls.serverCACert && 'path' in tls.serverCACert ? tls.serverCACert.path : undefined;
    checkReadable(cert, name('TEMPORAL_TLS_CLIENT_CERT_PATH', 'client_cert_path'));
    checkReadable(key, name('TEMPORAL_TLS_CLIENT_KEY_PATH', 'client_key_path'));
    checkReadable(ca, name('TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'server_ca_cert_path'));
  }
  let options: NativeConnectionOptions;
  try {
    options = toClientOptions(profile).connectionOptions;
  } catch (err) {
    throw new TemporalSettingsError(`cannot load the TLS settings of ${source}: ${(err as Error).message}`);
  }
  const usesTls = options.tls !== undefined && options.tls !== false;
  return {
    address,
    namespace,
    tls: options.tls ?? undefined,
    apiKey: options.apiKey,
    metadata: profile.grpcMeta,
    source: fromFile ? `${source}${settings.TEMPORAL_ADDRESS ? ', address from TEMPORAL_ADDRESS' : ''}` : settings.TEMPORAL_ADDRESS ? 'TEMPORAL_ADDRESS' : 'the default address',
    mayStartDevServer: !settings.TEMPORAL_ADDRESS && isLocalDefault(address) && !usesTls && !options.apiKey,
  };
}

function isLocalDefault(address: string): boolean {
  return address === DEFAULT_ADDRESS || address === '127.0.0.1:7233';
}

/** The profiles the config file holds (none when there is no file). */
function profilesIn(configFile: string | undefined, env: Record<string, string>): string[] {
  try {
    return Object.keys(loadClientConfig({ overrideEnvVars: env }).profiles);
  } catch (err) {
    throw new TemporalSettingsError(`cannot read the Temporal config file ${configFile}: ${(err as Error).message.split('\n')[0]}`);
  }
}

function checkReadable(file: string | undefined, setting: string): void {
  if (file === undefined) return;
  try {
    accessSync(file, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TemporalSettingsError(`${setting}: cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code})`);
  }
}

/** Where the Temporal CLI (and the SDK's loader) look for temporal.toml when TEMPORAL_CONFIG_FILE is not set; for messages. */
function defaultConfigFile(location: { HOME?: string; XDG_CONFIG_HOME?: string; APPDATA?: string }): string | undefined {
  const platform = os.platform();
  if (platform === 'win32') return location.APPDATA ? path.join(location.APPDATA, 'temporalio', 'temporal.toml') : undefined;
  if (platform === 'darwin') return location.HOME ? path.join(location.HOME, 'Library', 'Application Support', 'temporalio', 'temporal.toml') : undefined;
  const base = location.XDG_CONFIG_HOME && path.isAbsolute(location.XDG_CONFIG_HOME) ? location.XDG_CONFIG_HOME : location.HOME ? path.join(location.HOME, '.config') : undefined;
  return base ? path.join(base, 'temporalio', 'temporal.toml') : undefined;
}

export function usesTls(target: Pick<TemporalTarget, 'tls'>): boolean {
  return target.tls !== undefined && target.tls !== false;
}

/** The client Connection's options for a target. */
export function clientConnectionOptions(target: TemporalTarget, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  quietIpServerNameWarning(target);
  return { address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata, ...extra };
}

/** The worker's NativeConnection options for a target. */
export function nativeConnectionOptions(target: TemporalTarget): NativeConnectionOptions {
  return { address: target.address, tls: target.tls, apiKey: target.apiKey, metadata: target.metadata };
}

let warningFiltered = false;

/**
 * The client's gRPC library names the host as the TLS server name even when it is an IP address, and Node
 * then prints a deprecation warning (DEP0123) on stderr for it, which would break a command's one-line
 * output. That one warning is dropped; every other goes through.
 */
function quietIpServerNameWarning(target: TemporalTarget): void {
  if (warningFiltered || !usesTls(target) || net.isIP(target.address.slice(0, target.address.lastIndexOf(':'))) === 0) return;
  warningFiltered = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    const [, typeOrOptions, code] = args;
    const warningCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
    if (warningCode === 'DEP0123') return;
    emit(...args);
  }) as typeof process.emitWarning;
}
