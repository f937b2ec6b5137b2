import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { findModRoot, powerpipeLanguageFor } from '../../src/language';

// A mod at /w/mod (mod.pp), a legacy mod at /w/legacy (mod.sp), and Puppet
// code at /w/puppet with no mod file above it.
const files = new Set(['/w/mod/mod.pp', '/w/mod/queries/s3/q.pp', '/w/legacy/mod.sp', '/w/legacy/x.sp', '/w/puppet/manifests/site.pp']);
const isFile = (p: string) => files.has(p);

describe('findModRoot', () => {
  it('finds mod.pp in the folder or a parent, and mod.sp too', () => {
    assert.equal(findModRoot('/w/mod', isFile), '/w/mod');
    assert.equal(findModRoot('/w/mod/queries/s3', isFile), '/w/mod');
    assert.equal(findModRoot('/w/legacy', isFile), '/w/legacy');
    assert.equal(findModRoot('/w/puppet/manifests', isFile), undefined);
  });
});

describe('powerpipeLanguageFor', () => {
  const doc = (languageId: string, fsPath: string, scheme = 'file') => ({ languageId, fsPath, scheme });

  it('switches a .pp that Puppet claimed when it is inside a mod', () => {
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/queries/s3/q.pp'), isFile), 'powerpipe');
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/mod.pp'), isFile), 'powerpipe');
    assert.equal(powerpipeLanguageFor(doc('pascal', '/w/mod/queries/s3/q.pp'), isFile), 'powerpipe');
  });

  it('leaves Puppet code outside any mod alone', () => {
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/puppet/manifests/site.pp'), isFile), undefined);
  });

  it('switches a .pp that nobody claimed (plain text) inside a mod, and only there', () => {
    assert.equal(powerpipeLanguageFor(doc('plaintext', '/w/mod/queries/s3/q.pp'), isFile), 'powerpipe');
    assert.equal(powerpipeLanguageFor(doc('plaintext', '/w/legacy/x.sp'), isFile), 'powerpipe');
    assert.equal(powerpipeLanguageFor(doc('plaintext', '/w/puppet/manifests/site.pp'), isFile), undefined);
    assert.equal(powerpipeLanguageFor(doc('plaintext', '/w/mod/notes.txt'), isFile), undefined);
  });

  it('switches a .sp taken as SPICE inside a legacy mod', () => {
    assert.equal(powerpipeLanguageFor(doc('spice', '/w/legacy/x.sp'), isFile), 'powerpipe');
  });

  it('leaves documents that are already powerpipe, or that the user set to another language', () => {
    assert.equal(powerpipeLanguageFor(doc('powerpipe', '/w/mod/queries/s3/q.pp'), isFile), undefined);
    assert.equal(powerpipeLanguageFor(doc('sql', '/w/mod/queries/s3/q.pp'), isFile), undefined);
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/README.md'), isFile), undefined);
  });

  it('leaves a language that files.associations names to the user', () => {
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/queries/s3/q.pp'), isFile, { '*.pp': 'puppet' }), undefined);
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/queries/s3/q.pp'), isFile, { '*.rb': 'ruby', '*.sp': 'powerpipe' }), 'powerpipe');
  });

  it('leaves plain text to the user only when an association names .pp or .sp', () => {
    const q = doc('plaintext', '/w/mod/queries/s3/q.pp');
    assert.equal(powerpipeLanguageFor(q, isFile, { '*.pp': 'plaintext' }), undefined);
    assert.equal(powerpipeLanguageFor(q, isFile, { '**/queries/**/*.PP': 'plaintext' }), undefined);
    assert.equal(powerpipeLanguageFor(q, isFile, { '*.{pp,sp}': 'plaintext' }), undefined);
    assert.equal(powerpipeLanguageFor(q, isFile, { '*.log': 'plaintext', '*.cpp': 'plaintext' }), 'powerpipe');
    assert.equal(powerpipeLanguageFor(doc('plaintext', '/w/legacy/x.sp'), isFile, { '*.pp': 'plaintext' }), 'powerpipe');
  });

  it('switches only files on disk', () => {
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/queries/s3/q.pp', 'git'), isFile), undefined);
  });

  it('matches the extension whatever its case', () => {
    assert.equal(powerpipeLanguageFor(doc('puppet', '/w/mod/Q.PP'), isFile), 'powerpipe');
  });
});
