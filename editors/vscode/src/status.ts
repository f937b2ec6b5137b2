// The "modls" status bar item: starting, indexing, ready (with the server's
// version) or failed; a click shows the output. Hidden until the server
// starts, and while it is off or there is no mod.

import * as vscode from 'vscode';

export class Status {
  private readonly item: vscode.StatusBarItem;
  private db: { connected: boolean; text: string } | undefined;
  private last: { text: string; tooltip: string; error: boolean } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('modls.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'modls';
    this.item.command = 'modls.showOutput';
  }

  starting(): void {
    this.set('$(sync~spin) modls', 'modls: starting', false);
  }

  hide(): void {
    this.item.hide();
  }

  indexing(version: string | undefined): void {
    this.set('$(sync~spin) modls', `modls${version ? ' ' + version : ''}: indexing the workspace`, false);
  }

  ready(version: string | undefined): void {
    this.set('$(check) modls', `modls${version ? ' ' + version : ''}: ready. Click for the output.`, false);
  }

  failed(message: string): void {
    this.set('$(error) modls', `modls: ${message}\nClick for the output.`, true);
  }

  stopped(): void {
    this.set('$(circle-slash) modls', 'modls: stopped. Run "Powerpipe: Restart Language Server" to start it.', true);
  }

  /** database shows the database's state (undefined: none configured) beside the server's. */
  database(db: { connected: boolean; text: string } | undefined): void {
    this.db = db;
    if (this.last !== undefined) {
      this.set(this.last.text, this.last.tooltip, this.last.error);
    }
  }

  private set(text: string, tooltip: string, error: boolean): void {
    this.last = { text, tooltip, error };
    if (this.db !== undefined) {
      text += this.db.connected ? ' $(database)' : ' $(debug-disconnect)';
      tooltip += `\n${this.db.text}`;
    }
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
