// A TextMate registry with the extension's grammars and VS Code's SQL
// grammar, as the editor would load them (vscode-textmate + oniguruma).
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

import { ROOT } from './root';

const GRAMMARS: Record<string, string> = {
  'source.powerpipe': path.join(ROOT, 'syntaxes', 'powerpipe.tmLanguage.json'),
  'source.powerpipe-vars': path.join(ROOT, 'syntaxes', 'powerpipe-vars.tmLanguage.json'),
  'source.sql': path.join(ROOT, 'node_modules', 'tm-grammars', 'grammars', 'sql.json'),
};

let registry: vsctm.Registry | undefined;

export async function loadGrammar(scope: string): Promise<vsctm.IGrammar> {
  if (registry === undefined) {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = GRAMMARS[scopeName];
        return file === undefined ? null : vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
    });
  }
  const g = await registry.loadGrammar(scope);
  if (g === null) {
    throw new Error(`no grammar for ${scope}`);
  }
  return g;
}

export interface Token {
  text: string;
  scopes: string[];
}

/** tokenizeLines returns each line's tokens, carrying the state from line to line. */
export function tokenizeLines(g: vsctm.IGrammar, lines: string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}
