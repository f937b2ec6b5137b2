// The VS Code extension of modls, the Powerpipe language server: switches the
// .pp/.sp files that lie in a mod to powerpipe (and leaves every other one
// alone), starts the server (settings → bundled binary → PATH) when there is
// a mod to serve and modls.server.enable is on, answers its settings
// requests, and adds the resource tree, the status item and the commands.

import * as fs from 'node:fs';
import * as os from 'node:os';

import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

import { CrashPolicy } from './crash';
import { isModFile, POWERPIPE_LANGUAGES, serverDecision } from './gate';
import { powerpipeLanguageFor } from './language';
import { showReferencesArgs } from './resources';
import { resolveServer } from './serverPath';
import { RESTART_SETTINGS, serverSettings } from './settings';
import { resultsHtml, RUN_COMMAND, RUN_RESOURCE_COMMAND, runAnswer, RunAnswer, runErrorMessage, toCSV, toMarkdown } from './run';
import { executeCommandParams, renderedSql, SHOW_SQL_COMMAND, SqlArgument, sqlArgument, sqlDocumentText, sqlErrorMessage } from './sql';
import { Status } from './status';
import { ResourceTree } from './tree';

const CONTENT_MODIFIED = -32801;

let client: LanguageClient | undefined;
let status: Status;
let tree: ResourceTree;
const crashes = new CrashPolicy();
let starting: Promise<void> | undefined;
// Decisions to start or stop the server, one at a time.
let deciding: Promise<void> = Promise.resolve();

/**
 * The output channel "modls", created on first use: a window without a mod
 * gets no trace of the extension.
 */
const output = new (class {
  private channel: vscode.OutputChannel | undefined;

  get real(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('modls');
    return this.channel;
  }

  appendLine(line: string): void {
    this.real.appendLine(line);
  }

  show(preserveFocus?: boolean): void {
    this.real.show(preserveFocus);
  }

  dispose(): void {
    this.channel?.dispose();
  }
})();

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The modls section as a plain object, as the server reads it. */
function settingsFor(scope?: vscode.Uri): Record<string, unknown> {
  return serverSettings(JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('modls', scope))), vscode.workspace.isTrusted);
}

async function switchLanguage(doc: vscode.TextDocument): Promise<void> {
  const associations = vscode.workspace.getConfiguration('files', doc.uri).get<Record<string, unknown>>('associations') ?? {};
  const lang = powerpipeLanguageFor({ languageId: doc.languageId, scheme: doc.uri.scheme, fsPath: doc.uri.fsPath }, isFile, associations);
  if (lang !== undefined) {
    try {
      await vscode.languages.setTextDocumentLanguage(doc, lang);
    } catch (e) {
      output.appendLine(`cannot switch ${doc.uri.fsPath} to ${lang}: ${String(e)}`);
    }
  }
}

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  status = new Status();
  tree = new ResourceTree(() => client, output);
  ctx.subscriptions.push(output, status, tree);

  ctx.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(async (doc) => {
      await switchLanguage(doc);
      if (client === undefined && POWERPIPE_LANGUAGES.includes(doc.languageId)) {
        reconsider(ctx);
      }
    }),
    vscode.commands.registerCommand('modls.restartServer', async () => {
      if (!serverEnabled()) {
        void vscode.window.showInformationMessage('The Powerpipe language server is off: set modls.server.enable to start it.');
        return;
      }
      const d = await decide();
      if (!d.start) {
        void vscode.window.showInformationMessage(`The Powerpipe language server was not started: ${d.reason}.`);
        return;
      }
      crashes.reset();
      await restart(ctx);
    }),
    vscode.commands.registerCommand('modls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('modls.refreshResources', () => tree.refresh()),
    vscode.commands.registerCommand('modls.showReferences', async (...args: unknown[]) => {
      const a = showReferencesArgs(args);
      if (a === undefined) {
        output.appendLine(`modls.showReferences: unexpected arguments ${JSON.stringify(args)}`);
        return;
      }
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(a.uri),
        new vscode.Position(a.position.line, a.position.character),
        a.locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character))),
      );
    }),
    vscode.commands.registerCommand(SHOW_SQL_COMMAND, (arg?: unknown) => showRenderedSql(arg)),
    vscode.commands.registerCommand(RUN_RESOURCE_COMMAND, (arg?: unknown) => runResource(ctx, arg)),
    // Trust granted: the mod's own database may now be used.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
    vscode.window.createTreeView('modls.resources', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('modls.server.enable')) {
        reconsider(ctx);
      } else if (client !== undefined && RESTART_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        output.appendLine('modls.path or modls.args changed: starting the server again');
        await restart(ctx);
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => reconsider(ctx)),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId === 'powerpipe') {
        tree.refreshSoon(300);
      }
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'powerpipe' && e.contentChanges.length > 0) {
        tree.refreshSoon(1500);
      }
    }),
  );
  // Files changed on disk (checkouts, mod installs): the server's own watcher
  // picks them up; the tree follows. A new mod file makes a mod: the open
  // files in it become Powerpipe, and the server may start.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{pp,sp}');
  ctx.subscriptions.push(
    watcher,
    watcher.onDidCreate(async (uri) => {
      tree.refreshSoon();
      if (isModFile(uri.fsPath)) {
        for (const doc of vscode.workspace.textDocuments) {
          await switchLanguage(doc);
        }
        reconsider(ctx);
      }
    }),
    watcher.onDidDelete(() => tree.refreshSoon()),
    watcher.onDidChange(() => tree.refreshSoon()),
  );

  for (const doc of vscode.workspace.textDocuments) {
    await switchLanguage(doc);
  }
  reconsider(ctx);
  await deciding;
}

function serverEnabled(): boolean {
  return vscode.workspace.getConfiguration('modls').get<boolean>('server.enable', true);
}

/** decide says whether the server should run now (see gate.ts). */
async function decide() {
  const enabled = serverEnabled();
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const modBelow = enabled && folders.length > 0 && (await vscode.workspace.findFiles('**/{mod.pp,mod.sp}', '**/node_modules/**', 1)).length > 0;
  const documents = vscode.workspace.textDocuments.map((d) => ({ languageId: d.languageId, scheme: d.uri.scheme, fsPath: d.uri.fsPath }));
  return serverDecision({ enabled, folders, modBelow, documents }, isFile);
}

/**
 * reconsider starts the server when it should run and does not, and stops
 * it when modls.server.enable is turned off; one decision at a time.
 */
function reconsider(ctx: vscode.ExtensionContext): void {
  deciding = deciding.then(async () => {
    if (!serverEnabled()) {
      if (client !== undefined) {
        output.appendLine('modls.server.enable is off: stopping the server');
        await stopClient();
      }
      status.hide();
      return;
    }
    if (client !== undefined) {
      return;
    }
    const d = await decide();
    if (d.start) {
      output.appendLine(`starting the server: ${d.reason}`);
      await start(ctx);
    }
  }).catch((e) => output.appendLine(`deciding whether to start modls: ${String(e)}`));
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined) {
    await c.stop().catch(() => undefined);
  }
}

async function restart(ctx: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await start(ctx);
}

/** stopClient stops the server, if one runs or is starting. */
async function stopClient(): Promise<void> {
  if (starting !== undefined) {
    await starting.catch(() => undefined);
  }
  const c = client;
  client = undefined;
  void vscode.commands.executeCommand('setContext', 'modls.running', false);
  if (c !== undefined) {
    await c.stop().catch((e) => output.appendLine(`stopping modls: ${String(e)}`));
  }
  tree.refresh();
}

function start(ctx: vscode.ExtensionContext): Promise<void> {
  starting = startClient(ctx).finally(() => {
    starting = undefined;
  });
  return starting;
}

async function startClient(ctx: vscode.ExtensionContext): Promise<void> {
  status.starting();
  const cfg = vscode.workspace.getConfiguration('modls');
  const res = resolveServer({
    configured: cfg.get<string>('path', ''),
    extensionPath: ctx.extensionPath,
    platform: process.platform,
    arch: process.arch,
    envPath: process.env.PATH,
    homedir: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    isFile,
  });
  if ('error' in res) {
    output.appendLine(res.error);
    status.failed(res.error);
    void vscode.window.showErrorMessage(res.error, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'modls.path');
      } else if (choice === 'Show Output') {
        output.show(true);
      }
    });
    return;
  }
  if (res.source === 'bundled' && process.platform !== 'win32') {
    // A .vsix does not always keep the executable bit.
    try {
      fs.accessSync(res.path, fs.constants.X_OK);
    } catch {
      try {
        fs.chmodSync(res.path, 0o755);
      } catch (e) {
        output.appendLine(`cannot make ${res.path} executable: ${String(e)}`);
      }
    }
  }
  const args = ['--stdio', ...cfg.get<string[]>('args', []).filter((a) => typeof a === 'string')];
  output.appendLine(`starting ${res.path} ${args.join(' ')} (from ${res.source === 'setting' ? 'modls.path' : res.source === 'bundled' ? 'the extension' : 'PATH'})`);

  const serverOptions: ServerOptions = { command: res.path, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'powerpipe' },
      { scheme: 'file', language: 'powerpipe-vars' },
      // The mod's configuration, whatever language claims .hcl (diagnostics,
      // completion and hover of rules and codes).
      { scheme: 'file', pattern: '**/.modls.hcl' },
    ],
    outputChannel: output.real,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: settingsFor(),
    // Sends workspace/didChangeConfiguration when a modls setting changes;
    // the server then asks for the section again.
    synchronize: { configurationSection: 'modls' },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((r: unknown, i: number) => (params.items[i]?.section === 'modls' ? serverSettings(r, vscode.workspace.isTrusted) : r));
        },
      },
    },
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        if (crashes.onCrash(Date.now()) === 'restart') {
          output.appendLine('modls exited unexpectedly: starting it again');
          status.starting();
          return { action: CloseAction.Restart, handled: true };
        }
        const msg = 'modls exited unexpectedly twice within three minutes, so it was left stopped. See the output for its last words.';
        output.appendLine(msg);
        status.failed(msg);
        void vscode.commands.executeCommand('setContext', 'modls.running', false);
        void vscode.window.showErrorMessage(msg, 'Show Output', 'Restart').then((choice) => {
          if (choice === 'Show Output') {
            output.show(true);
          } else if (choice === 'Restart') {
            void vscode.commands.executeCommand('modls.restartServer');
          }
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };

  const c = new LanguageClient('modls', 'modls', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (client !== c) {
      return;
    }
    if (e.newState === State.Running) {
      void vscode.commands.executeCommand('setContext', 'modls.running', true);
      void waitForIndex(c);
    } else if (e.newState === State.Stopped) {
      tree.refresh();
    }
  });
  try {
    await c.start();
  } catch (e) {
    const msg = `modls could not start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(msg);
    status.failed(msg);
    void vscode.window.showErrorMessage(msg, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'modls.path');
      } else if (choice === 'Show Output') {
        output.show(true);
      }
    });
  }
}

/**
 * commandTarget returns the running client and the resource a command is
 * about: the one given (a name, a lens's or a view node's argument), else
 * the one at the active editor's cursor; it warns, under the command's
 * title, when there is no server or no resource.
 */
function commandTarget(title: string, what: string, arg: unknown): [LanguageClient, SqlArgument] | undefined {
  const c = client;
  if (c === undefined || !c.isRunning()) {
    void vscode.window.showWarningMessage(`${title}: modls is not running.`);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const place = editor === undefined ? undefined : { uri: c.code2ProtocolConverter.asUri(editor.document.uri), position: editor.selection.active };
  // The editor's context menu passes the document's URI: the cursor in it
  // says which resource.
  const a = sqlArgument(arg instanceof vscode.Uri ? undefined : arg, place);
  if (a === undefined) {
    void vscode.window.showWarningMessage(`${title}: put the cursor in ${what} of a Powerpipe file.`);
    return undefined;
  }
  return [c, a];
}

/**
 * showRenderedSql asks the server's modls.sql for the SQL of a resource — the
 * one given (a name, or a node of the Powerpipe view), else the one at the
 * active editor's cursor — and opens it in a new SQL document beside the
 * editor.
 */
async function showRenderedSql(arg: unknown): Promise<void> {
  const target = commandTarget('Show Rendered SQL', 'a query, control or panel', arg);
  if (target === undefined) {
    return;
  }
  const [c, a] = target;
  let answer: unknown;
  try {
    answer = await c.sendRequest(ExecuteCommandRequest.type, executeCommandParams(a));
  } catch (e) {
    output.appendLine(`modls.sql ${JSON.stringify(a)}: ${e instanceof Error ? e.message : String(e)}`);
    void vscode.window.showWarningMessage(sqlErrorMessage(e));
    return;
  }
  const r = renderedSql(answer);
  if (r === undefined) {
    void vscode.window.showWarningMessage('Show Rendered SQL: the server returned no SQL.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: sqlDocumentText(r) });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/**
 * runResource runs a resource's SQL on its database through the server's
 * modls.run — the one given (a Run lens's { resource }, a node of the
 * Powerpipe view), else the one at the cursor — with a cancellable progress
 * notification, and shows the rows in the results grid.
 */
async function runResource(ctx: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const target = commandTarget('Run', 'a query or control', arg);
  if (target === undefined) {
    return;
  }
  const [c, a] = target;
  const what = 'resource' in a ? a.resource : 'the resource at the cursor';
  let result: unknown;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Running ${what}`, cancellable: true },
      (_progress, token) => c.sendRequest(ExecuteCommandRequest.type, { command: RUN_COMMAND, arguments: [a] }, token),
    );
  } catch (e) {
    output.appendLine(`modls.run ${JSON.stringify(a)}: ${e instanceof Error ? e.message : String(e)}`);
    if ((e as { code?: number }).code !== REQUEST_CANCELLED) {
      void vscode.window.showErrorMessage(runErrorMessage(e));
    }
    return;
  }
  const r = runAnswer(result);
  if (r === undefined) {
    void vscode.window.showWarningMessage('Run: the server returned no rows.');
    return;
  }
  showResults(ctx, r);
}

const REQUEST_CANCELLED = -32800;

/** The results grid, one panel reused for every run. */
let resultsPanel: vscode.WebviewPanel | undefined;
let shown: RunAnswer | undefined;

function showResults(ctx: vscode.ExtensionContext, r: RunAnswer): void {
  if (resultsPanel === undefined) {
    resultsPanel = vscode.window.createWebviewPanel('modls.results', 'Powerpipe results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    resultsPanel.onDidDispose(() => {
      resultsPanel = undefined;
    }, undefined, ctx.subscriptions);
    resultsPanel.webview.onDidReceiveMessage(async (m: { copy?: string }) => {
      if (shown === undefined) {
        return;
      }
      if (m.copy === 'csv' || m.copy === 'markdown') {
        await vscode.env.clipboard.writeText(m.copy === 'csv' ? toCSV(shown) : toMarkdown(shown));
        void vscode.window.setStatusBarMessage(`Copied ${shown.rows.length} rows as ${m.copy === 'csv' ? 'CSV' : 'Markdown'}`, 3000);
      }
    }, undefined, ctx.subscriptions);
  }
  shown = r;
  resultsPanel.title = r.resource;
  const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  resultsPanel.webview.html = resultsHtml(r, nonce, resultsPanel.webview.cspSource);
  resultsPanel.reveal(vscode.ViewColumn.Beside, true);
}

/** The database part of modls/stats that the status item shows. */
interface DatabaseStats {
  connections?: { state: string; database: string; error?: string }[];
  reason?: string;
  catalog?: { source: string; tables: number; columns: number };
}

/** watchDatabase shows the database's state in the status item, every 15 s while the server runs. */
async function watchDatabase(c: LanguageClient): Promise<void> {
  while (client === c && c.isRunning()) {
    try {
      const st = (await c.sendRequest('modls/stats', {})) as { database?: DatabaseStats };
      if (client === c) {
        status.database(databaseLine(st.database));
      }
    } catch {
      // The next turn tries again.
    }
    await new Promise((r) => setTimeout(r, 15_000));
  }
}

/** databaseLine says whether a database is connected, and why not; undefined when none is configured. */
function databaseLine(d: DatabaseStats | undefined): { connected: boolean; text: string } | undefined {
  const conn = d?.connections?.[0];
  if (conn === undefined) {
    return d?.catalog ? { connected: false, text: `catalog ${d.catalog.source}: ${d.catalog.tables} tables` } : undefined;
  }
  if (conn.state === 'connected') {
    const cat = d?.catalog ? `, ${d.catalog.tables} tables` : '';
    return { connected: true, text: `database ${conn.database}: connected${cat}` };
  }
  return { connected: false, text: `database ${conn.database}: ${conn.state}${conn.error ? ` (${conn.error})` : ''}` };
}

/** waitForIndex shows "indexing" until the server answers from its index, then "ready". */
async function waitForIndex(c: LanguageClient): Promise<void> {
  const version = c.initializeResult?.serverInfo?.version;
  status.indexing(version);
  const deadline = Date.now() + 10 * 60_000;
  while (client === c && c.isRunning() && Date.now() < deadline) {
    try {
      await c.sendRequest('modls/resources', {});
      if (client === c) {
        status.ready(version);
        tree.refresh();
        void watchDatabase(c);
      }
      return;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code !== CONTENT_MODIFIED) {
        output.appendLine(`modls/resources: ${e instanceof Error ? e.message : String(e)}`);
        if (client === c) {
          status.ready(version);
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
