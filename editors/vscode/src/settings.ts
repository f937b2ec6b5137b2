// The settings the server reads: the "modls" section less the keys that only
// the extension uses (the server reports unknown keys).

/** Keys of the modls section that configure the extension, not the server. */
export const CLIENT_ONLY_KEYS: readonly string[] = ['server', 'path', 'args', 'trace'];

/**
 * serverSettings returns a copy of the modls section without the
 * client-only keys. With trusted given, trustModDatabase is VS Code's
 * workspace trust, whatever the setting says: a mod's own database is used
 * only in a trusted workspace.
 */
export function serverSettings(section: unknown, trusted?: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (section === null || typeof section !== 'object' || Array.isArray(section)) {
    return trusted === undefined ? out : { trustModDatabase: trusted };
  }
  for (const [k, v] of Object.entries(section as Record<string, unknown>)) {
    if (!CLIENT_ONLY_KEYS.includes(k) && typeof v !== 'function') {
      out[k] = v;
    }
  }
  if (trusted !== undefined) {
    out.trustModDatabase = trusted;
  }
  return out;
}

/** Settings whose change needs the server started again. */
export const RESTART_SETTINGS: readonly string[] = ['modls.path', 'modls.args'];
