// The grammar on the real mods of ../shared/corpus: no state leaks out of a
// block, a heredoc or a string (every top-level block header is tokenized as
// one at the top level), and every line of every sql heredoc is SQL.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { ROOT } from './root';
import { loadGrammar, tokenizeLines } from './tokenize';

const CORPUS = path.resolve(ROOT, '..', '..', '..', 'shared', 'corpus');
const BLOCK_TYPES = ['mod', 'variable', 'locals', 'query', 'control', 'detection', 'benchmark', 'dashboard', 'card', 'chart', 'flow', 'graph', 'hierarchy', 'image', 'input', 'table', 'text', 'node', 'edge', 'category'];
const HEADER = new RegExp(`^(${BLOCK_TYPES.join('|')})( "[^"]*")? *\\{ *$`);
const TOP_BLOCK = ['source.powerpipe', 'meta.block.powerpipe', 'storage.type.block.powerpipe'];

function modFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      modFiles(p, out);
    } else if (/\.(pp|sp)$/.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

describe('grammar on the corpus mods', () => {
  it('keeps its state in step with the HCL on every file', async (t) => {
    if (!fs.existsSync(CORPUS)) {
      t.skip(`${CORPUS} is absent: the corpus mods are not beside this checkout`);
      return;
    }
    const g = await loadGrammar('source.powerpipe');
    const files = modFiles(CORPUS).sort();
    assert.ok(files.length > 100, `only ${files.length} files under ${CORPUS}`);
    let lines = 0;
    let headers = 0;
    let sqlLines = 0;
    const started = process.hrtime.bigint();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      // A sentinel block after the file: it starts at the top level only if
      // the file left no rule open.
      text.push('query "sentinel" {');
      const toks = tokenizeLines(g, text);
      lines += text.length;
      let inSql = false;
      text.forEach((line, i) => {
        const where = `${path.relative(CORPUS, file)}:${i + 1}: ${line}`;
        if (HEADER.test(line)) {
          headers++;
          assert.deepEqual(toks[i][0].scopes, TOP_BLOCK, where);
        }
        if (inSql && /^\s*EOQ\s*$/.test(line)) {
          inSql = false;
        } else if (inSql) {
          sqlLines++;
          for (const tok of toks[i]) {
            assert.ok(tok.scopes.includes('meta.embedded.block.sql'), `${where}\n  ${JSON.stringify(tok)}`);
          }
        } else if (/^\s*(sql|\w+_sql)\s*=\s*<<-?EOQ\s*$/.test(line)) {
          inSql = true;
        }
      });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    t.diagnostic(`${files.length} files, ${lines} lines (${headers} block headers, ${sqlLines} SQL lines) tokenized in ${ms.toFixed(0)} ms`);
    assert.ok(headers > 1000 && sqlLines > 10000, `${headers} headers, ${sqlLines} SQL lines`);
  });
});
