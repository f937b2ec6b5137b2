import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import {
  executeCommandParams,
  incompleteHeader,
  RenderedSql,
  renderedSql,
  SHOW_SQL_COMMAND,
  SQL_COMMAND,
  sqlArgument,
  sqlDocumentText,
  sqlErrorMessage,
} from '../../src/sql';
import { ROOT } from './root';

const editor = { uri: 'file:///w/acme/q.pp', position: { line: 3, character: 7 } };

describe('sqlArgument', () => {
  it('takes the resource at the active editor\'s cursor when the command has no argument', () => {
    assert.deepEqual(sqlArgument(undefined, editor), { uri: 'file:///w/acme/q.pp', position: { line: 3, character: 7 } });
  });

  it('copies only the line and character of an editor position', () => {
    // A vscode.Position has more than these two fields.
    const position = { line: 1, character: 2, isBefore: () => false };
    assert.deepEqual(sqlArgument(undefined, { uri: 'file:///q.pp', position }), { uri: 'file:///q.pp', position: { line: 1, character: 2 } });
  });

  it('takes a resource name, bare or as { resource }, over the cursor', () => {
    assert.deepEqual(sqlArgument('query.x', editor), { resource: 'query.x' });
    assert.deepEqual(sqlArgument(' aws_insights.query.x ', undefined), { resource: 'aws_insights.query.x' });
    assert.deepEqual(sqlArgument({ resource: 'control.y' }, editor), { resource: 'control.y' });
  });

  it('takes a node of the Powerpipe view at its name', () => {
    const node = {
      id: 'n1', kind: 'control', name: 'acme.control.c', mod: 'acme', uri: 'file:///w/acme/c.pp',
      range: { start: { line: 9, character: 9 }, end: { line: 9, character: 12 } }, children: 0,
    };
    assert.deepEqual(sqlArgument(node, editor), { uri: 'file:///w/acme/c.pp', position: { line: 9, character: 9 } });
  });

  it('takes an explicit place', () => {
    assert.deepEqual(sqlArgument({ uri: 'file:///a.pp', position: { line: 0, character: 0 } }, editor), { uri: 'file:///a.pp', position: { line: 0, character: 0 } });
  });

  it('falls back to the cursor for anything else, and gives up without an editor', () => {
    assert.deepEqual(sqlArgument('', editor), sqlArgument(undefined, editor));
    assert.deepEqual(sqlArgument({ fsPath: '/w/acme/q.pp' }, editor), sqlArgument(undefined, editor));
    assert.deepEqual(sqlArgument({ uri: 'file:///a.pp', position: { line: 1.5, character: 0 } }, editor), sqlArgument(undefined, editor));
    assert.equal(sqlArgument(undefined, undefined), undefined);
    assert.equal(sqlArgument(42, undefined), undefined);
  });
});

describe('executeCommandParams', () => {
  it('sends modls.sql with the one argument', () => {
    assert.deepEqual(executeCommandParams({ resource: 'query.x' }), { command: 'modls.sql', arguments: [{ resource: 'query.x' }] });
    assert.deepEqual(executeCommandParams({ uri: editor.uri, position: editor.position }), {
      command: 'modls.sql',
      arguments: [{ uri: 'file:///w/acme/q.pp', position: { line: 3, character: 7 } }],
    });
  });
});

describe('renderedSql', () => {
  it('reads an answer of modls.sql', () => {
    const r = renderedSql({ resource: 'query.x', sql: 'select 1', complete: false, dialect: 'postgres', unknown: ['var.x has no value', 3] });
    assert.deepEqual(r, { resource: 'query.x', sql: 'select 1', complete: false, dialect: 'postgres', unknown: ['var.x has no value'] });
  });

  it('takes a missing complete flag as complete and missing fields as empty', () => {
    assert.deepEqual(renderedSql({ sql: 'select 1' }), { resource: '', sql: 'select 1', complete: true, dialect: '', unknown: [] });
  });

  it('has nothing without SQL', () => {
    assert.equal(renderedSql(null), undefined);
    assert.equal(renderedSql('select 1'), undefined);
    assert.equal(renderedSql({ resource: 'query.x', complete: true }), undefined);
  });
});

const rendered = (r: Partial<RenderedSql>): RenderedSql => ({ resource: 'query.x', sql: 'select a, b from t', complete: true, dialect: 'postgres', unknown: [], ...r });

describe('incompleteHeader and sqlDocumentText', () => {
  it('is the SQL alone when complete, ending with one newline', () => {
    assert.deepEqual(incompleteHeader(rendered({})), []);
    assert.equal(sqlDocumentText(rendered({})), 'select a, b from t\n');
    assert.equal(sqlDocumentText(rendered({ sql: 'select 1\n' })), 'select 1\n');
    assert.equal(sqlDocumentText(rendered({ sql: 'select 1\r\nfrom t\r\n' })), 'select 1\nfrom t\n');
  });

  it('starts with one "-- incomplete:" line per unknown part', () => {
    const r = rendered({ sql: 'select ${var.x}', complete: false, unknown: ['var.x has no value', 'param.p is given at run time'] });
    assert.deepEqual(incompleteHeader(r), ['-- incomplete: var.x has no value', '-- incomplete: param.p is given at run time']);
    assert.equal(sqlDocumentText(r), '-- incomplete: var.x has no value\n-- incomplete: param.p is given at run time\nselect ${var.x}\n');
  });

  it('says so when incomplete without a list, and keeps each part on its comment line', () => {
    assert.deepEqual(incompleteHeader(rendered({ complete: false })), ['-- incomplete: some parts could not be known statically']);
    assert.deepEqual(incompleteHeader(rendered({ complete: false, unknown: ['a\nb', 'c \r\n d'] })), ['-- incomplete: a b', '-- incomplete: c d']);
  });
});

describe('sqlErrorMessage', () => {
  it('shows the server\'s message', () => {
    assert.equal(sqlErrorMessage(new Error('no resource at 3:7')), 'Show Rendered SQL: no resource at 3:7');
    // A ResponseError's shape, without its class.
    assert.equal(sqlErrorMessage({ code: -32602, message: 'query.x has no SQL' }), 'Show Rendered SQL: query.x has no SQL');
    assert.equal(sqlErrorMessage(new Error('')), 'Show Rendered SQL: the server gave no reason');
  });

  it('drops the command\'s name that begins the server\'s messages', () => {
    assert.equal(sqlErrorMessage(new Error('modls.sql: no resource query.x with SQL in the workspace')), 'Show Rendered SQL: no resource query.x with SQL in the workspace');
  });
});

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

describe('package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

  it('contributes the command under its own id, not the server\'s', () => {
    assert.notEqual(SHOW_SQL_COMMAND, SQL_COMMAND);
    const c = manifest.contributes.commands.find((x) => x.command === SHOW_SQL_COMMAND);
    assert.deepEqual(c && `${c.category}: ${c.title}`, 'Powerpipe: Show Rendered SQL');
    assert.equal(manifest.contributes.commands.some((x) => x.command === SQL_COMMAND), false);
  });

  it('offers it in the palette and the context menu of powerpipe editors', () => {
    for (const menu of ['commandPalette', 'editor/context']) {
      const m = manifest.contributes.menus[menu]?.find((x) => x.command === SHOW_SQL_COMMAND);
      assert.equal(m?.when, 'editorLangId == powerpipe', menu);
    }
  });

  it('offers it on the nodes of the Powerpipe view that have SQL', () => {
    const m = manifest.contributes.menus['view/item/context']?.find((x) => x.command === SHOW_SQL_COMMAND);
    const re = /viewItem =~ \/(.*)\/$/.exec(m?.when ?? '');
    assert.ok(re, m?.when);
    const items = new RegExp(re[1]);
    for (const kind of ['query', 'control', 'detection', 'card', 'chart', 'table']) {
      assert.ok(items.test(`modls.${kind}`), kind);
    }
    for (const kind of ['group', 'benchmark', 'dashboard', 'container', 'text']) {
      assert.ok(!items.test(`modls.${kind}`), kind);
    }
  });
});
