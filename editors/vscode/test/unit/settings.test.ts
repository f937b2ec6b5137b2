import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { CLIENT_ONLY_KEYS, RESTART_SETTINGS, serverSettings } from '../../src/settings';
import { ROOT } from './root';

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

describe('serverSettings', () => {
  it('drops the keys only the extension reads and keeps the rest as they are', () => {
    const section = {
      server: { enable: false },
      path: '/opt/modls',
      args: ['--log-file', '/tmp/l'],
      trace: { server: 'verbose' },
      cacheBudgetMB: 64,
      ignorePaths: ['scratch/**'],
      diagnostics: { syntax: true, unused: false },
    };
    assert.deepEqual(serverSettings(section), { cacheBudgetMB: 64, ignorePaths: ['scratch/**'], diagnostics: { syntax: true, unused: false } });
  });

  it('makes trustModDatabase the workspace trust, when given', () => {
    assert.deepEqual(serverSettings({ trustModDatabase: true, database: 'postgres://x@h/d' }, false), { trustModDatabase: false, database: 'postgres://x@h/d' });
    assert.deepEqual(serverSettings({ database: '' }, true), { database: '', trustModDatabase: true });
    assert.deepEqual(serverSettings(null, true), { trustModDatabase: true });
  });

  it('answers an empty object for anything that is not an object', () => {
    assert.deepEqual(serverSettings(null), {});
    assert.deepEqual(serverSettings(['x']), {});
    assert.deepEqual(serverSettings('modls'), {});
  });
});

describe('package.json settings', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const keys = Object.keys(manifest.contributes.configuration.properties);

  it('has exactly server.enable, path, args and trace.server as the extension\'s own settings', () => {
    const own = keys.filter((k) => CLIENT_ONLY_KEYS.includes(k.replace(/^modls\./, '').split('.')[0]));
    assert.deepEqual(own.sort(), ['modls.args', 'modls.path', 'modls.server.enable', 'modls.trace.server']);
  });

  it('names every setting modls.*, and the settings that restart the server exist', () => {
    for (const k of keys) {
      assert.match(k, /^modls\.[A-Za-z.]+$/);
    }
    for (const k of RESTART_SETTINGS) {
      assert.ok(keys.includes(k), k);
    }
  });
});
