// Which documents are Powerpipe: a .pp file that another extension claimed
// (the Puppet extension takes .pp; Pascal ones do too) is switched to
// powerpipe when it lies inside a mod, i.e. a mod.pp or mod.sp stands in its
// folder or a parent folder, as Powerpipe itself finds the mod root. Pure:
// the file system is reached only through the isFile callback. A language
// that the user's files.associations names is the user's choice: files open
// in it are never switched.

import * as path from 'node:path';

/** Language ids that other extensions give to the file extensions of Powerpipe. */
export const FOREIGN_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  '.pp': ['puppet', 'pascal', 'objectpascal'],
  '.sp': ['spice'],
};

/** findModRoot returns the nearest folder at or above dir that holds mod.pp or mod.sp. */
export function findModRoot(dir: string, isFile: (p: string) => boolean): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    if (isFile(path.join(cur, 'mod.pp')) || isFile(path.join(cur, 'mod.sp'))) {
      return cur;
    }
    const parent = path.dirname(cur);
    if (parent === cur) {
      return undefined;
    }
    cur = parent;
  }
}

export interface DocumentInfo {
  languageId: string;
  /** The URI scheme: only file documents are switched. */
  scheme: string;
  fsPath: string;
}

/**
 * powerpipeLanguageFor returns 'powerpipe' when doc should be switched to it, else undefined.
 * associations is the files.associations setting (glob → language id).
 */
export function powerpipeLanguageFor(doc: DocumentInfo, isFile: (p: string) => boolean, associations: Readonly<Record<string, unknown>> = {}): 'powerpipe' | undefined {
  if (doc.scheme !== 'file' || Object.values(associations).includes(doc.languageId)) {
    return undefined;
  }
  const ext = path.extname(doc.fsPath).toLowerCase();
  const foreign = FOREIGN_LANGUAGES[ext];
  if (foreign === undefined || !foreign.includes(doc.languageId)) {
    return undefined;
  }
  return findModRoot(path.dirname(doc.fsPath), isFile) !== undefined ? 'powerpipe' : undefined;
}
