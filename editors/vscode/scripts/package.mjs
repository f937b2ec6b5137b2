// Builds the extension and packages it with @vscode/vsce.
//
//   node scripts/package.mjs [--target linux-x64] [--out FILE.vsix]
//   node scripts/package.mjs --check
//
// With --target the .vsix is platform-specific and must find the modls binary
// for that platform in bin/<target>/ (make vsix puts it there). --check is the
// test: it packages into a temporary folder, checks what the .vsix holds, and
// loads the bundle with a stand-in vscode module.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const check = process.argv.includes('--check');
const target = arg('--target');
const tmp = check ? mkdtempSync(join(tmpdir(), 'modls-vsix-')) : undefined;
const out = resolve(arg('--out') ?? (check ? join(tmp, 'modls.vsix') : 'modls.vsix'));

function run(cmd, args) {
  execFileSync(process.execPath, [cmd, ...args], { stdio: 'inherit' });
}

run('scripts/build.mjs', []);
if (target !== undefined) {
  const exe = target.startsWith('win32-') ? 'modls.exe' : 'modls';
  if (!existsSync(join('bin', target, exe))) {
    console.error(`bin/${target}/${exe} is missing: build it first (make vsix does)`);
    process.exit(1);
  }
}
const vsceArgs = ['package', '--no-dependencies', '--out', out];
if (target !== undefined) {
  vsceArgs.push('--target', target);
}
// The repository's LICENSE goes into the .vsix (package.json says
// Apache-2.0); the copy lives only while vsce runs.
copyFileSync(join(root, '..', '..', 'LICENSE'), 'LICENSE');
try {
  run(join('node_modules', '@vscode', 'vsce', 'vsce'), vsceArgs);
} finally {
  rmSync('LICENSE', { force: true });
}
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MiB`);

if (check) {
  const entries = await listZip(out);
  const failures = [];
  const want = [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/language-configuration.json',
    'extension/syntaxes/powerpipe.tmLanguage.json',
    'extension/syntaxes/powerpipe-vars.tmLanguage.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/images/icon.png',
  ];
  const lower = new Set(entries.map((e) => e.toLowerCase()));
  for (const w of want) {
    if (!lower.has(w.toLowerCase())) {
      failures.push(`missing ${w}`);
    }
  }
  for (const e of entries) {
    if (/^extension\/(node_modules|src|test|scripts|out)\//.test(e) || /\.ts$|tsconfig|\.map$/.test(e)) {
      failures.push(`should not be packaged: ${e}`);
    }
  }
  for (const d of existsSync('bin') ? readdirSync('bin') : []) {
    for (const f of readdirSync(join('bin', d))) {
      if (!entries.includes(`extension/bin/${d}/${f}`)) {
        failures.push(`bin/${d}/${f} is not packaged`);
      }
    }
  }
  // The bundle must load with nothing but the editor's vscode module.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
  };
  // Any property of the stand-in is a class with the same property, deep down:
  // enough for the bundle's top-level code (classes that extend vscode's).
  const stub = () => new Proxy(class {}, { get: (t, k) => (k in t ? t[k] : (t[k] = stub())) });
  Module._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub() };
  const bundle = Module.createRequire(join(root, 'package.json'))(join(root, 'dist', 'extension.js'));
  if (typeof bundle.activate !== 'function' || typeof bundle.deactivate !== 'function') {
    failures.push('dist/extension.js does not export activate and deactivate');
  }
  rmSync(tmp, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    console.log(`package: 0 passed, ${failures.length} failed`);
    process.exit(1);
  }
  console.log(`package: ${entries.length} files in the .vsix, checked`);
}

function listZip(file) {
  return new Promise((resolveList, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) {
        reject(err);
        return;
      }
      const names = [];
      zip.on('entry', (e) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolveList(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
