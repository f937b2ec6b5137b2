import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { cellText, escapeHTML, resultsHtml, runAnswer, runErrorMessage, summaryLine, toCSV, toMarkdown } from '../../src/run';

const answer = {
  resource: 'control.versioning',
  columns: [
    { name: 'resource', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'n', type: 'int8' },
    { name: 'tags', type: 'jsonb' },
  ],
  rows: [
    ['arn:aws:s3:::logs', 'ok', 2, { owner: 'ops' }],
    ['a "quoted", <b>|piped|</b>', 'alarm', 10, null],
  ],
  truncated: false,
  durationMs: 4,
  summary: { ok: 1, alarm: 1, info: 0, skip: 0, error: 0 },
};

describe('runAnswer', () => {
  it('reads an answer and rejects what is not one', () => {
    const a = runAnswer(answer);
    assert.ok(a);
    assert.equal(a.rows.length, 2);
    assert.deepEqual(a.summary, { ok: 1, alarm: 1, info: 0, skip: 0, error: 0 });
    assert.equal(runAnswer({ columns: [] }), undefined);
    assert.equal(runAnswer(null), undefined);
    assert.equal(runAnswer({ columns: [], rows: [] })?.summary, undefined);
  });
});

describe('copies', () => {
  const a = runAnswer(answer)!;
  it('CSV quotes what must be quoted', () => {
    assert.equal(toCSV(a), 'resource,status,n,tags\r\narn:aws:s3:::logs,ok,2,"{""owner"":""ops""}"\r\n"a ""quoted"", <b>|piped|</b>",alarm,10,\r\n');
  });
  it('Markdown escapes pipes', () => {
    assert.equal(
      toMarkdown(a),
      '| resource | status | n | tags |\n| --- | --- | --- | --- |\n| arn:aws:s3:::logs | ok | 2 | {"owner":"ops"} |\n| a "quoted", <b>\\|piped\\|</b> | alarm | 10 |  |\n',
    );
  });
  it('cells and the summary', () => {
    assert.equal(cellText(null), '');
    assert.equal(cellText([1, 'a']), '[1,"a"]');
    assert.equal(summaryLine(a.summary!), 'ok 1, alarm 1, info 0, skip 0, error 0');
  });
});

describe('resultsHtml', () => {
  const html = resultsHtml(runAnswer(answer)!, 'N0NCE', 'vscode-resource:');
  it('escapes every value and runs only its own script', () => {
    assert.ok(html.includes('a &quot;quoted&quot;, &lt;b&gt;|piped|&lt;/b&gt;'));
    assert.ok(!html.includes('<b>|piped|</b>'.replace('|', '')));
    assert.ok(html.includes("script-src 'nonce-N0NCE'"));
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(html.includes('<script nonce="N0NCE">'));
    // The data for sorting cannot close the script.
    assert.ok(!/<\/b>/.test(html.slice(html.indexOf('const data'))));
  });
  it('shows the counts, the columns with their types, and the rows', () => {
    assert.ok(html.includes('<span class="count ok">ok <b>1</b></span>'));
    assert.ok(html.includes('<span class="count alarm">alarm <b>1</b></span>'));
    assert.ok(html.includes('<th data-col="2" title="int8">n<span class="arrow"></span></th>'));
    assert.equal(html.match(/<tr>/g)?.length, 3);
    assert.ok(html.includes('2 rows in 4 ms'));
  });
  it('says what was cut', () => {
    assert.ok(resultsHtml({ ...runAnswer(answer)!, truncated: true }, 'n', 'c').includes('the first 2 rows (modls.run.maxRows)'));
  });
});

describe('runErrorMessage', () => {
  it('shows the database words without the command name', () => {
    assert.equal(runErrorMessage({ message: 'modls.run: query.w: cannot execute DELETE in a read-only transaction' }), 'Run: query.w: cannot execute DELETE in a read-only transaction');
    assert.equal(escapeHTML(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
  });
});
