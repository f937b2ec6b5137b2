import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isModFile, serverDecision } from '../../src/gate';

// A mod at /w/mod, Puppet code at /w/puppet, another mod outside the
// workspace at /elsewhere/mod.
const files = new Set(['/w/mod/mod.pp', '/w/mod/q.pp', '/w/puppet/site.pp', '/elsewhere/mod/mod.sp', '/elsewhere/mod/x.sp']);
const isFile = (p: string) => files.has(p);
const doc = (languageId: string, fsPath: string, scheme = 'file') => ({ languageId, fsPath, scheme });

describe('serverDecision', () => {
  const base = { enabled: true, folders: ['/w/puppet'], modBelow: false, documents: [] };

  it('starts the server for a mod below a workspace folder', () => {
    assert.equal(serverDecision({ ...base, folders: ['/w'], modBelow: true }, isFile).start, true);
  });

  it('starts it for a workspace folder inside a mod', () => {
    assert.equal(serverDecision({ ...base, folders: ['/w/mod'] }, isFile).start, true);
  });

  it('starts it for an open Powerpipe document in a mod outside the workspace', () => {
    assert.equal(serverDecision({ ...base, documents: [doc('powerpipe', '/elsewhere/mod/x.sp')] }, isFile).start, true);
  });

  it('never starts it for Puppet code, plain text or Powerpipe outside a mod', () => {
    const d = serverDecision({ ...base, documents: [doc('puppet', '/w/puppet/site.pp'), doc('plaintext', '/w/mod/q.pp'), doc('powerpipe', '/w/puppet/site.pp'), doc('powerpipe', '/w/mod/q.pp', 'git')] }, isFile);
    assert.deepEqual(d, { start: false, reason: 'no Powerpipe mod (mod.pp or mod.sp) in the workspace' });
    assert.equal(serverDecision({ ...base, folders: [] }, isFile).start, false);
  });

  it('never starts it when modls.server.enable is off', () => {
    const d = serverDecision({ ...base, enabled: false, folders: ['/w/mod'], modBelow: true, documents: [doc('powerpipe', '/w/mod/q.pp')] }, isFile);
    assert.equal(d.start, false);
    assert.match(d.reason, /modls\.server\.enable/);
  });
});

describe('isModFile', () => {
  it('names mod.pp and mod.sp only', () => {
    assert.ok(isModFile('/w/mod/mod.pp'));
    assert.ok(isModFile('/w/mod/mod.sp'));
    assert.ok(!isModFile('/w/mod/q.pp'));
    assert.ok(!isModFile('/w/mod/mymod.pp'));
  });
});
