// The Run command's logic: what to ask the server's modls.run, how its
// answer becomes CSV, Markdown and the HTML of the results grid. Pure: no
// vscode import, unit-tested.

import { commandErrorMessage } from './sql';

/** The server's command that runs a resource's SQL. */
export const RUN_COMMAND = 'modls.run';

/** The client command of the server's "▶ Run" code lens, and of the palette. */
export const RUN_RESOURCE_COMMAND = 'modls.runResource';

/** A column of a result. */
export interface RunColumn {
  name: string;
  type: string;
}

/** A control's rows counted by status. */
export interface RunSummary {
  ok: number;
  alarm: number;
  info: number;
  skip: number;
  error: number;
}

/** The answer of modls.run. */
export interface RunAnswer {
  resource: string;
  columns: RunColumn[];
  rows: unknown[][];
  truncated: boolean;
  durationMs: number;
  summary?: RunSummary;
}

/** runAnswer checks an answer of modls.run; undefined when it is not one. */
export function runAnswer(result: unknown): RunAnswer | undefined {
  if (typeof result !== 'object' || result === null) {
    return undefined;
  }
  const r = result as Record<string, unknown>;
  if (!Array.isArray(r.columns) || !Array.isArray(r.rows)) {
    return undefined;
  }
  const columns = r.columns.map((c) => {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    return { name: typeof o.name === 'string' ? o.name : '', type: typeof o.type === 'string' ? o.type : '' };
  });
  const rows = r.rows.filter((row): row is unknown[] => Array.isArray(row));
  let summary: RunSummary | undefined;
  if (typeof r.summary === 'object' && r.summary !== null) {
    const s = r.summary as Record<string, unknown>;
    const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
    summary = { ok: n('ok'), alarm: n('alarm'), info: n('info'), skip: n('skip'), error: n('error') };
  }
  return {
    resource: typeof r.resource === 'string' ? r.resource : '',
    columns,
    rows,
    truncated: r.truncated === true,
    durationMs: typeof r.durationMs === 'number' ? r.durationMs : 0,
    summary,
  };
}

/** cellText is a value as text: "" for null, JSON for arrays and objects. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'object') {
    return JSON.stringify(v);
  }
  return String(v);
}

/** toCSV returns the answer as CSV (RFC 4180: quotes where needed, CRLF). */
export function toCSV(a: RunAnswer): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [a.columns.map((c) => field(c.name)).join(',')];
  for (const row of a.rows) {
    lines.push(a.columns.map((_, i) => field(cellText(row[i]))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** toMarkdown returns the answer as a Markdown table. */
export function toMarkdown(a: RunAnswer): string {
  const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [`| ${a.columns.map((c) => cell(c.name)).join(' | ')} |`, `| ${a.columns.map(() => '---').join(' | ')} |`];
  for (const row of a.rows) {
    lines.push(`| ${a.columns.map((_, i) => cell(cellText(row[i]))).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** summaryLine is a control's counts by status, "ok 2, alarm 1, …". */
export function summaryLine(s: RunSummary): string {
  return `ok ${s.ok}, alarm ${s.alarm}, info ${s.info}, skip ${s.skip}, error ${s.error}`;
}

/** escapeHTML escapes text for HTML content and attributes. */
export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * resultsHtml is the page of the results grid: the resource, the control's
 * counts in the status colours, a sortable table (click a header; again to
 * reverse), buttons that copy the rows as CSV or Markdown (the page posts
 * {copy: "csv"|"markdown"} to the extension), and what was cut. Scripts run
 * only with the nonce (the page's Content-Security-Policy).
 */
export function resultsHtml(a: RunAnswer, nonce: string, cspSource: string): string {
  const head = a.columns.map((c, i) => `<th data-col="${i}" title="${escapeHTML(c.type)}">${escapeHTML(c.name)}<span class="arrow"></span></th>`).join('');
  const body = a.rows
    .map((row) => `<tr>${a.columns.map((_, i) => `<td>${escapeHTML(cellText(row[i]))}</td>`).join('')}</tr>`)
    .join('\n');
  let summary = '';
  if (a.summary !== undefined) {
    const s = a.summary;
    summary = `<div class="summary">${(['ok', 'alarm', 'info', 'skip', 'error'] as const)
      .map((k) => `<span class="count ${k}">${k} <b>${s[k]}</b></span>`)
      .join(' ')}</div>`;
  }
  const n = a.rows.length === 1 ? '1 row' : `${a.rows.length} rows`;
  const foot = `${a.truncated ? `the first ${n} (modls.run.maxRows)` : n} in ${a.durationMs} ms`;
  // Values for sorting, in the page: numbers as numbers.
  const data = JSON.stringify(a.rows.map((row) => a.columns.map((_, i) => (typeof row[i] === 'number' ? row[i] : cellText(row[i]))))).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHTML(a.resource)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; }
  h1 { font-size: 1.1em; font-weight: 600; }
  .bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
  button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; cursor: pointer; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  th, td { border: 1px solid var(--vscode-panel-border); padding: 3px 8px; text-align: left; vertical-align: top; white-space: pre; }
  th { position: sticky; top: 0; background: var(--vscode-editorWidget-background); cursor: pointer; user-select: none; }
  tr:nth-child(even) td { background: var(--vscode-list-hoverBackground); }
  .summary { margin: 8px 0; }
  .count { padding: 2px 8px; border-radius: 10px; margin-right: 4px; color: var(--vscode-editor-background); }
  .count.ok { background: var(--vscode-testing-iconPassed, #2ea043); }
  .count.alarm { background: var(--vscode-testing-iconFailed, #f85149); }
  .count.info { background: var(--vscode-charts-blue, #3794ff); }
  .count.skip { background: var(--vscode-disabledForeground, #8b949e); }
  .count.error { background: var(--vscode-charts-orange, #d18616); }
  .foot { margin: 8px 0; color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1>${escapeHTML(a.resource)}</h1>
${summary}
<div class="bar"><button id="csv">Copy as CSV</button><button id="md">Copy as Markdown</button></div>
<table><thead><tr>${head}</tr></thead><tbody id="rows">
${body}
</tbody></table>
<div class="foot">${escapeHTML(foot)}</div>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const data = ${data};
  const tbody = document.getElementById('rows');
  const rows = Array.from(tbody.rows).map((tr, i) => ({ tr, values: data[i] }));
  let sorted = -1, reverse = false;
  for (const th of document.querySelectorAll('th')) {
    th.addEventListener('click', () => {
      const col = Number(th.dataset.col);
      reverse = sorted === col ? !reverse : false;
      sorted = col;
      const cmp = (a, b) => {
        const x = a.values[col], y = b.values[col];
        if (typeof x === 'number' && typeof y === 'number') return x - y;
        return String(x).localeCompare(String(y), undefined, { numeric: true });
      };
      rows.sort((a, b) => (reverse ? -cmp(a, b) : cmp(a, b)));
      for (const r of rows) tbody.appendChild(r.tr);
      for (const h of document.querySelectorAll('th .arrow')) h.textContent = '';
      th.querySelector('.arrow').textContent = reverse ? ' ▼' : ' ▲';
    });
  }
  document.getElementById('csv').addEventListener('click', () => vscode.postMessage({ copy: 'csv' }));
  document.getElementById('md').addEventListener('click', () => vscode.postMessage({ copy: 'markdown' }));
</script>
</body>
</html>
`;
}

/** runErrorMessage returns the message shown when modls.run fails: the database's words. */
export function runErrorMessage(e: unknown): string {
  return commandErrorMessage('Run', RUN_COMMAND, e);
}
