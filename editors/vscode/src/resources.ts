// The nodes of modls/resources and how the tree view shows them. Pure.

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface LspLocation {
  uri: string;
  range: LspRange;
}

/** One node of modls/resources (lsp/resources.go ResourceNode). */
export interface ResourceNode {
  id: string;
  /** Block type (benchmark, control, dashboard, chart…), or "group". */
  kind: string;
  name: string;
  title?: string;
  mod: string;
  uri: string;
  range: LspRange;
  /** How many children the node has (0: a leaf). */
  children: number;
}

/** How the tree shows a node, independent of the vscode API. */
export interface TreeItemSpec {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  collapsible: boolean;
  /** Clicking opens this place; groups open nothing. */
  open?: LspLocation;
  /** A codicon id. */
  icon: string;
  contextValue: string;
}

const ICONS: Readonly<Record<string, string>> = {
  group: 'folder-library',
  benchmark: 'checklist',
  control: 'pass',
  detection: 'eye',
  dashboard: 'dashboard',
  container: 'layout',
  card: 'symbol-number',
  chart: 'graph',
  flow: 'type-hierarchy-sub',
  graph: 'type-hierarchy',
  hierarchy: 'list-tree',
  image: 'file-media',
  input: 'symbol-field',
  table: 'table',
  text: 'symbol-text',
  node: 'circle-outline',
  edge: 'arrow-right',
  category: 'tag',
  with: 'database',
  query: 'database',
};

/** iconFor returns the codicon shown for a node kind. */
export function iconFor(kind: string): string {
  return ICONS[kind] ?? 'symbol-misc';
}

/** treeItemSpec maps a node to what the tree shows: title or name, the kind as description, a click that opens the name. */
export function treeItemSpec(n: ResourceNode): TreeItemSpec {
  const title = n.title !== undefined && n.title !== '' ? n.title : undefined;
  const isGroup = n.kind === 'group';
  const label = title ?? n.name;
  let tooltip: string;
  if (isGroup) {
    tooltip = `${label} of mod ${n.mod} (${n.children})`;
  } else {
    tooltip = title !== undefined ? `${n.kind} ${n.name}\n${title}` : `${n.kind} ${n.name}`;
    if (n.mod !== '') {
      tooltip += `\nmod ${n.mod}`;
    }
  }
  return {
    id: n.id,
    label,
    description: isGroup ? n.mod : n.kind,
    tooltip,
    collapsible: n.children > 0,
    open: isGroup ? undefined : { uri: n.uri, range: n.range },
    icon: iconFor(n.kind),
    contextValue: isGroup ? 'modls.group' : `modls.${n.kind}`,
  };
}

export function isPosition(x: unknown): x is LspPosition {
  const p = x as LspPosition;
  return typeof x === 'object' && x !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

export function isRange(x: unknown): x is LspRange {
  const r = x as LspRange;
  return typeof x === 'object' && x !== null && isPosition(r.start) && isPosition(r.end);
}

export function isLocation(x: unknown): x is LspLocation {
  const l = x as LspLocation;
  return typeof x === 'object' && x !== null && typeof l.uri === 'string' && isRange(l.range);
}

/** resourceNodes checks a modls/resources result and returns its well-formed nodes. */
export function resourceNodes(result: unknown): ResourceNode[] {
  if (!Array.isArray(result)) {
    return [];
  }
  return result.filter((x): x is ResourceNode => {
    const n = x as ResourceNode;
    return typeof x === 'object' && x !== null && typeof n.id === 'string' && typeof n.kind === 'string' &&
      typeof n.name === 'string' && typeof n.uri === 'string' && isRange(n.range) && typeof n.children === 'number';
  });
}

/** The arguments of the modls.showReferences command that code lenses carry. */
export interface ShowReferencesArgs {
  uri: string;
  position: LspPosition;
  locations: LspLocation[];
}

/** showReferencesArgs checks the arguments [uri, position, locations] of a lens's command. */
export function showReferencesArgs(args: readonly unknown[]): ShowReferencesArgs | undefined {
  const [uri, position, locations] = args;
  if (typeof uri !== 'string' || !isPosition(position) || !Array.isArray(locations) || !locations.every(isLocation)) {
    return undefined;
  }
  return { uri, position, locations };
}
