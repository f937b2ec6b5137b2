// The "Powerpipe" tree view: benchmarks → controls, dashboards → panels, one
// level at a time from the server's modls/resources.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { ResourceNode, resourceNodes, treeItemSpec } from './resources';

export class ResourceTree implements vscode.TreeDataProvider<ResourceNode> {
  private readonly changed = new vscode.EventEmitter<ResourceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined, private readonly log: { appendLine(line: string): void }) {}

  /** refresh asks the view to fetch the tree again. */
  refresh(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.changed.fire(undefined);
  }

  /** refreshSoon refreshes once changes have settled. */
  refreshSoon(delayMs = 800): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => this.refresh(), delayMs);
  }

  getTreeItem(n: ResourceNode): vscode.TreeItem {
    const spec = treeItemSpec(n);
    const item = new vscode.TreeItem(spec.label, spec.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = spec.id;
    item.description = spec.description;
    item.tooltip = spec.tooltip;
    item.iconPath = new vscode.ThemeIcon(spec.icon);
    item.contextValue = spec.contextValue;
    if (spec.open !== undefined) {
      const r = spec.open.range;
      // No resourceUri: the item would take on the file's problem
      // decorations, which say nothing about this resource.
      item.command = {
        title: 'Open',
        command: 'vscode.open',
        arguments: [vscode.Uri.parse(spec.open.uri), { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) }],
      };
    }
    return item;
  }

  async getChildren(n?: ResourceNode): Promise<ResourceNode[]> {
    const c = this.client();
    if (c === undefined || !c.isRunning()) {
      return [];
    }
    try {
      return resourceNodes(await c.sendRequest('modls/resources', n === undefined ? {} : { parent: n.id }));
    } catch (e) {
      // A stale id (the tree changed under the view) or an index still
      // being built: fetch again from the roots a little later.
      this.log.appendLine(`modls/resources: ${e instanceof Error ? e.message : String(e)}`);
      this.refreshSoon(2000);
      return [];
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.changed.dispose();
  }
}
