import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CrashPolicy } from '../../src/crash';

describe('CrashPolicy', () => {
  it('restarts once, then stops when the server exits again within the window', () => {
    const p = new CrashPolicy(1000);
    assert.equal(p.onCrash(10_000), 'restart');
    assert.equal(p.onCrash(10_500), 'stop');
    assert.equal(p.onCrash(10_900), 'stop');
  });

  it('restarts again once the window has passed', () => {
    const p = new CrashPolicy(1000);
    assert.equal(p.onCrash(10_000), 'restart');
    assert.equal(p.onCrash(11_000), 'restart');
  });

  it('forgets past crashes when the user restarts the server', () => {
    const p = new CrashPolicy(1000);
    assert.equal(p.onCrash(10_000), 'restart');
    p.reset();
    assert.equal(p.onCrash(10_100), 'restart');
  });
});
