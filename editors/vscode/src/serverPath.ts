// Where the modls binary comes from: the modls.path setting, else the binary
// bundled in the extension for this platform, else modls on PATH. Pure: the
// file system is reached only through the isFile callback.

import * as path from 'node:path';

export interface ResolveInput {
  /** The modls.path setting ('' when unset). */
  configured: string;
  /** The extension's folder (context.extensionPath). */
  extensionPath: string;
  platform: NodeJS.Platform;
  arch: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  homedir: string;
  /** The first workspace folder, against which a relative modls.path is taken. */
  workspaceFolder?: string;
  isFile(p: string): boolean;
}

export type Resolution =
  | { path: string; source: 'setting' | 'bundled' | 'PATH' }
  | { error: string };

/** The binary's file name on platform. */
export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'modls.exe' : 'modls';
}

/** Where `make vsix` puts the binary for platform and arch (VS Code's names: linux-x64, darwin-arm64, win32-x64…). */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string {
  return path.join(extensionPath, 'bin', `${platform}-${arch}`, binaryName(platform));
}

/** expandPath replaces a leading ~ and ${userHome}/${workspaceFolder}, and makes a relative path absolute against the workspace folder. */
export function expandPath(p: string, homedir: string, workspaceFolder?: string): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = homedir + out.slice(1);
  }
  out = out.replace(/\$\{userHome\}/g, homedir);
  if (workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (!path.isAbsolute(out) && workspaceFolder !== undefined && (out.includes('/') || out.includes('\\'))) {
    out = path.join(workspaceFolder, out);
  }
  return out;
}

/** findOnPath returns the first file named name in the folders of envPath. */
export function findOnPath(name: string, envPath: string | undefined, platform: NodeJS.Platform, isFile: (p: string) => boolean): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of (envPath ?? '').split(sep)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir.replace(/^"(.*)"$/, '$1'), name);
    if (isFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

export function resolveServer(i: ResolveInput): Resolution {
  const name = binaryName(i.platform);
  if (i.configured.trim() !== '') {
    const p = expandPath(i.configured, i.homedir, i.workspaceFolder);
    if (path.isAbsolute(p)) {
      if (i.isFile(p)) {
        return { path: p, source: 'setting' };
      }
      return { error: `modls.path is set to "${i.configured}", but there is no file at ${p}. Correct the setting, or clear it to use the modls bundled with the extension or on PATH.` };
    }
    // A bare command name: look it up on PATH.
    const found = findOnPath(p, i.envPath, i.platform, i.isFile) ?? (i.platform === 'win32' && !p.endsWith('.exe') ? findOnPath(p + '.exe', i.envPath, i.platform, i.isFile) : undefined);
    if (found !== undefined) {
      return { path: found, source: 'setting' };
    }
    return { error: `modls.path is set to "${i.configured}", which is not on PATH. Correct the setting (an absolute path works best), or clear it to use the modls bundled with the extension.` };
  }
  const bundled = bundledPath(i.extensionPath, i.platform, i.arch);
  if (i.isFile(bundled)) {
    return { path: bundled, source: 'bundled' };
  }
  const onPath = findOnPath(name, i.envPath, i.platform, i.isFile);
  if (onPath !== undefined) {
    return { path: onPath, source: 'PATH' };
  }
  return {
    error: `modls, the Powerpipe language server, was not found: this build of the extension has no modls for ${i.platform}-${i.arch}, and there is none on PATH. ` +
      'Install it (go install github.com/modls/modls/cmd/modls@latest) and make sure it is on PATH, or set modls.path to the binary.',
  };
}
