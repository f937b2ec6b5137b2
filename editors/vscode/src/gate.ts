// When the language server runs: only when the user has not turned it off
// (modls.server.enable) and there is a mod to serve — a mod.pp or mod.sp in
// a workspace folder, below it or above it, or an open Powerpipe document
// inside a mod (a file opened from outside the workspace). A window with
// Puppet code and no mod never starts modls. Pure, like language.ts.

import * as path from 'node:path';

import { DocumentInfo, findModRoot } from './language';

export interface GateInput {
  /** The modls.server.enable setting. */
  enabled: boolean;
  /** The workspace folders' paths. */
  folders: readonly string[];
  /** Whether a mod.pp or mod.sp was found below a workspace folder. */
  modBelow: boolean;
  /** The open documents. */
  documents: readonly DocumentInfo[];
}

export type Decision = { start: true; reason: string } | { start: false; reason: string };

/** POWERPIPE_LANGUAGES are the languages the server serves. */
export const POWERPIPE_LANGUAGES: readonly string[] = ['powerpipe', 'powerpipe-vars'];

/** serverDecision says whether the server should run, and why. */
export function serverDecision(input: GateInput, isFile: (p: string) => boolean): Decision {
  if (!input.enabled) {
    return { start: false, reason: 'modls.server.enable is off: highlighting only' };
  }
  if (input.modBelow) {
    return { start: true, reason: 'a mod in the workspace' };
  }
  for (const f of input.folders) {
    const root = findModRoot(f, isFile);
    if (root !== undefined) {
      return { start: true, reason: `the workspace folder ${f} is in the mod ${root}` };
    }
  }
  for (const d of input.documents) {
    if (d.scheme === 'file' && POWERPIPE_LANGUAGES.includes(d.languageId)) {
      const root = findModRoot(path.dirname(d.fsPath), isFile);
      if (root !== undefined) {
        return { start: true, reason: `${d.fsPath} is in the mod ${root}` };
      }
    }
  }
  return { start: false, reason: 'no Powerpipe mod (mod.pp or mod.sp) in the workspace' };
}

/** isModFile reports whether a path names a mod file, whose creation may make a mod. */
export function isModFile(p: string): boolean {
  const base = path.basename(p);
  return base === 'mod.pp' || base === 'mod.sp';
}
