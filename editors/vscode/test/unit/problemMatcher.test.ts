// The $modls problem matcher of package.json, with JavaScript's regular
// expressions as VS Code runs them, on modls check's real output: the text
// and JSON of one run, which cmd/modls/problem_matcher_test.go writes to
// testdata/modls-check.json (and matches with Go's regexp, on each build's
// own output too).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { ROOT } from './root';

interface Pattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  message: number;
  code: number;
}

interface Matcher {
  name: string;
  owner: string;
  fileLocation: unknown;
  pattern: Pattern;
}

interface Diagnostic {
  path: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const sample = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'unit', 'testdata', 'modls-check.json'), 'utf8')) as { text: string; json: Diagnostic[] };
const matchers = (pkg.contributes.problemMatchers ?? []) as Matcher[];
const matcher = matchers.find((m) => m.name === 'modls');

describe('the $modls problem matcher', () => {
  it('is contributed, for paths relative to the workspace folder or absolute', () => {
    assert.ok(matcher, 'package.json contributes no problem matcher named modls');
    assert.equal(matcher.owner, 'modls');
    assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
  });

  it("matches every diagnostic line of modls check's text output, with the fields of its JSON output", () => {
    assert.ok(matcher);
    const re = new RegExp(matcher.pattern.regexp);
    const p = matcher.pattern;
    const got: Diagnostic[] = [];
    for (const line of sample.text.split('\n')) {
      const m = re.exec(line);
      if (m === null) {
        continue;
      }
      got.push({ path: m[p.file], line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity], code: m[p.code], message: m[p.message] });
    }
    const want = sample.json.map((d) => ({ path: d.path, line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message }));
    assert.ok(want.length >= 5, 'the sample has too few diagnostics');
    assert.deepEqual(got, want);
  });

  it('gives VS Code severities it knows (hint is shown as info)', () => {
    const known = new Set(['error', 'warning', 'info', 'hint']);
    for (const d of sample.json) {
      assert.ok(known.has(d.severity), d.severity);
    }
  });

  it('ignores the source lines, carets and notes around the diagnostics', () => {
    assert.ok(matcher);
    const re = new RegExp(matcher.pattern.regexp);
    for (const line of ['    query = query.missing', '            ^~~~~~~~~~~~~', '    sql = "a:1:2: error: x"', 'modls: site.pp: not checked: in no mod', '3 errors, 1 warning in 2 files', 'mods/a/q.pp: 3 more not shown (--max-per-file 50)']) {
      assert.equal(re.exec(line), null, line);
    }
  });

  it('reads Windows paths and messages that end in brackets', () => {
    assert.ok(matcher);
    const m = new RegExp(matcher.pattern.regexp).exec('C:\\mods\\a\\q.pp:3:11: warning: title is "[draft]" [invalid-value]');
    assert.ok(m);
    assert.equal(m[matcher.pattern.file], 'C:\\mods\\a\\q.pp');
    assert.equal(m[matcher.pattern.message], 'title is "[draft]"');
    assert.equal(m[matcher.pattern.code], 'invalid-value');
  });
});
