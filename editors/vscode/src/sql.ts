// The "Show Rendered SQL" command's logic: what to ask the server's modls.sql
// command and how its answer becomes the text of a SQL document. Pure.

import { isPosition, LspPosition } from './resources';

/** The server's command that renders a resource's SQL. */
export const SQL_COMMAND = 'modls.sql';

/**
 * The editor command. Not modls.sql: vscode-languageclient registers a
 * command under each id the server lists in executeCommandProvider.
 */
export const SHOW_SQL_COMMAND = 'modls.showRenderedSql';

/** The argument of modls.sql: a resource by name, or the one at a place. */
export type SqlArgument = { resource: string } | { uri: string; position: LspPosition };

/** The answer of modls.sql. */
export interface RenderedSql {
  /** The resource's qualified name, e.g. query.x. */
  resource: string;
  sql: string;
  /** False when some parts could not be known statically and stayed as their source text. */
  complete: boolean;
  dialect: string;
  /** What could not be known, e.g. "var.x has no value". */
  unknown: string[];
}

/** Where the command was run from: the active editor's document and cursor. */
export interface EditorPlace {
  uri: string;
  position: LspPosition;
}

/**
 * sqlArgument returns what to render: a resource name given as the command's
 * argument (a string or { resource }), a node of the Powerpipe view (its
 * name's place) or an explicit { uri, position }; else the resource at the
 * active editor's cursor; undefined when there is neither.
 */
export function sqlArgument(arg: unknown, editor: EditorPlace | undefined): SqlArgument | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') {
    return { resource: arg.trim() };
  }
  if (typeof arg === 'object' && arg !== null) {
    const a = arg as { resource?: unknown; uri?: unknown; position?: unknown; range?: { start?: unknown } };
    if (typeof a.resource === 'string' && a.resource.trim() !== '') {
      return { resource: a.resource.trim() };
    }
    if (typeof a.uri === 'string' && isPosition(a.position)) {
      return { uri: a.uri, position: { line: a.position.line, character: a.position.character } };
    }
    const start = a.range?.start;
    if (typeof a.uri === 'string' && isPosition(start)) {
      return { uri: a.uri, position: { line: start.line, character: start.character } };
    }
  }
  if (editor !== undefined) {
    return { uri: editor.uri, position: { line: editor.position.line, character: editor.position.character } };
  }
  return undefined;
}

/** executeCommandParams returns the params of the workspace/executeCommand request for modls.sql. */
export function executeCommandParams(arg: SqlArgument): { command: string; arguments: SqlArgument[] } {
  return { command: SQL_COMMAND, arguments: [arg] };
}

/** renderedSql checks an answer of modls.sql; undefined when it has no SQL. */
export function renderedSql(result: unknown): RenderedSql | undefined {
  if (typeof result !== 'object' || result === null) {
    return undefined;
  }
  const r = result as Partial<Record<keyof RenderedSql, unknown>>;
  if (typeof r.sql !== 'string') {
    return undefined;
  }
  return {
    resource: typeof r.resource === 'string' ? r.resource : '',
    sql: r.sql,
    complete: r.complete !== false,
    dialect: typeof r.dialect === 'string' ? r.dialect : '',
    unknown: Array.isArray(r.unknown) ? r.unknown.filter((u): u is string => typeof u === 'string') : [],
  };
}

/**
 * incompleteHeader returns the comment lines that begin the document of an
 * incomplete rendering, one "-- incomplete: …" per unknown part; none when
 * the rendering is complete.
 */
export function incompleteHeader(r: RenderedSql): string[] {
  if (r.complete) {
    return [];
  }
  const items = r.unknown.length > 0 ? r.unknown : ['some parts could not be known statically'];
  return items.map((u) => `-- incomplete: ${u.replace(/\s*[\r\n]+\s*/g, ' ')}`);
}

/** sqlDocumentText returns the text of the document: the header lines, then the SQL, ending with a newline. */
export function sqlDocumentText(r: RenderedSql): string {
  let sql = r.sql.replace(/\r\n/g, '\n');
  if (!sql.endsWith('\n')) {
    sql += '\n';
  }
  const header = incompleteHeader(r);
  return header.length > 0 ? `${header.join('\n')}\n${sql}` : sql;
}

/**
 * commandErrorMessage returns the message shown when the server's command
 * fails, for the editor command called title: the server's words without
 * the command's name, with which they mostly begin.
 */
export function commandErrorMessage(title: string, command: string, e: unknown): string {
  let msg: string;
  if (e instanceof Error) {
    msg = e.message;
  } else if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    msg = (e as { message: string }).message;
  } else {
    msg = String(e);
  }
  if (msg.startsWith(command + ':')) {
    msg = msg.slice(command.length + 1).trimStart();
  }
  return `${title}: ${msg === '' ? 'the server gave no reason' : msg}`;
}

/** sqlErrorMessage returns the warning shown when modls.sql fails. */
export function sqlErrorMessage(e: unknown): string {
  return commandErrorMessage('Show Rendered SQL', SQL_COMMAND, e);
}
