import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { binaryName, bundledPath, expandPath, findOnPath, ResolveInput, resolveServer } from '../../src/serverPath';

const EXT = '/ext';

function input(files: string[], over: Partial<ResolveInput> = {}): ResolveInput {
  const set = new Set(files);
  return {
    configured: '',
    extensionPath: EXT,
    platform: 'linux',
    arch: 'x64',
    envPath: '/usr/local/bin:/usr/bin',
    homedir: '/home/u',
    workspaceFolder: '/work/mod',
    isFile: (p) => set.has(p),
    ...over,
  };
}

describe('resolveServer', () => {
  it('takes modls.path first, even when a bundled binary and one on PATH exist', () => {
    const r = resolveServer(input(['/opt/modls', '/ext/bin/linux-x64/modls', '/usr/bin/modls'], { configured: '/opt/modls' }));
    assert.deepEqual(r, { path: '/opt/modls', source: 'setting' });
  });

  it('reports a modls.path that names no file, without falling back', () => {
    const r = resolveServer(input(['/ext/bin/linux-x64/modls'], { configured: '/nope/modls' }));
    assert.ok('error' in r);
    assert.match(r.error, /modls\.path is set to "\/nope\/modls", but there is no file at \/nope\/modls/);
  });

  it('expands ~ and ${workspaceFolder} in modls.path, and takes a relative path from the workspace folder', () => {
    assert.deepEqual(resolveServer(input(['/home/u/go/bin/modls'], { configured: '~/go/bin/modls' })), { path: '/home/u/go/bin/modls', source: 'setting' });
    assert.deepEqual(resolveServer(input(['/work/mod/tools/modls'], { configured: '${workspaceFolder}/tools/modls' })), { path: '/work/mod/tools/modls', source: 'setting' });
    assert.deepEqual(resolveServer(input(['/work/mod/tools/modls'], { configured: './tools/modls' })), { path: path.join('/work/mod', 'tools/modls'), source: 'setting' });
  });

  it('looks a bare command name in modls.path up on PATH', () => {
    assert.deepEqual(resolveServer(input(['/usr/bin/modls-dev'], { configured: 'modls-dev' })), { path: '/usr/bin/modls-dev', source: 'setting' });
    const r = resolveServer(input([], { configured: 'modls-dev' }));
    assert.ok('error' in r);
    assert.match(r.error, /not on PATH/);
  });

  it('prefers the bundled binary of this platform to PATH', () => {
    assert.deepEqual(resolveServer(input(['/ext/bin/linux-x64/modls', '/usr/bin/modls'])), { path: '/ext/bin/linux-x64/modls', source: 'bundled' });
  });

  it('ignores a bundled binary of another platform', () => {
    const r = resolveServer(input(['/ext/bin/linux-x64/modls', '/usr/bin/modls'], { arch: 'arm64' }));
    assert.deepEqual(r, { path: '/usr/bin/modls', source: 'PATH' });
  });

  it('takes the first folder of PATH that has modls', () => {
    assert.deepEqual(resolveServer(input(['/usr/bin/modls', '/usr/local/bin/modls'])), { path: '/usr/local/bin/modls', source: 'PATH' });
  });

  it('says what to do when there is no modls at all', () => {
    const r = resolveServer(input([], { envPath: undefined }));
    assert.ok('error' in r);
    assert.match(r.error, /no modls for linux-x64/);
    assert.match(r.error, /go install github\.com\/modls\/modls\/cmd\/modls@latest/);
    assert.match(r.error, /modls\.path/);
  });

  it('uses modls.exe and ; on Windows', () => {
    assert.equal(binaryName('win32'), 'modls.exe');
    assert.equal(bundledPath(EXT, 'win32', 'x64'), path.join(EXT, 'bin', 'win32-x64', 'modls.exe'));
    const dir = 'C:\\tools';
    const want = path.join(dir, 'modls.exe');
    const r = resolveServer(input([want], { platform: 'win32', envPath: `C:\\Windows;${dir}` }));
    assert.deepEqual(r, { path: want, source: 'PATH' });
  });
});

describe('expandPath and findOnPath', () => {
  it('leaves an absolute path alone and a bare name bare', () => {
    assert.equal(expandPath('/a/b', '/h', '/w'), '/a/b');
    assert.equal(expandPath('modls', '/h', '/w'), 'modls');
    assert.equal(expandPath('${userHome}/x', '/h'), '/h/x');
  });

  it('skips empty PATH entries', () => {
    assert.equal(findOnPath('modls', '::/bin', 'linux', (p) => p === '/bin/modls'), '/bin/modls');
    assert.equal(findOnPath('modls', '', 'linux', () => true), undefined);
  });
});
