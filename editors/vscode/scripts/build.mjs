// Bundles the extension into dist/extension.js with esbuild (the vscode
// module is provided by the editor). --dev keeps it readable with a source map.
import { build } from 'esbuild';

const dev = process.argv.includes('--dev');
await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  minify: !dev,
  sourcemap: dev,
  logLevel: 'warning',
});
