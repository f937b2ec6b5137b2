// Which documents are Powerpipe. The extension does not claim .pp or .sp
// (Puppet's and Pascal's, and SPICE's): VS Code opens them as plain text, or
// as whatever another extension makes them, and a document is switched to
// powerpipe only when it lies inside a mod, i.e. a mod.pp or mod.sp stands in
// its folder or a parent folder, as Powerpipe itself finds the mod root. Every
// other .pp stays what it was. Pure: the file system is reached only through
// the isFile callback. A language that the user's files.associations names is
// the user's choice: files open in it are never switched.

import * as path from 'node:path';

/**
 * The language ids a Powerpipe file may have been opened in: plain text (no
 * extension claims it) or another extension's language for the same file
 * extension.
 */
export const FOREIGN_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  '.pp': ['plaintext', 'puppet', 'pascal', 'objectpascal'],
  '.sp': ['plaintext', 'spice'],
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
  if (doc.scheme !== 'file') {
    return undefined;
  }
  const ext = path.extname(doc.fsPath).toLowerCase();
  const foreign = FOREIGN_LANGUAGES[ext];
  if (foreign === undefined || !foreign.includes(doc.languageId) || chosenByUser(associations, doc.languageId, ext)) {
    return undefined;
  }
  return findModRoot(path.dirname(doc.fsPath), isFile) !== undefined ? 'powerpipe' : undefined;
}

/**
 * chosenByUser reports whether files.associations gives the language to files
 * of the extension ext: "*.pp": "puppet", "manifests/*.pp": "puppet",
 * "*.{pp,sp}": "plaintext". Plain text is what VS Code gives any file nobody
 * claims, so only an association naming the extension counts; for any other
 * language, any association to it does (the user installed it and chose it).
 */
function chosenByUser(associations: Readonly<Record<string, unknown>>, languageId: string, ext: string): boolean {
  const e = ext.slice(1);
  const names = new RegExp(`(\\.${e}|\\.\\{([^}]*,)?${e}(,[^}]*)?\\})$`, 'i');
  return Object.entries(associations).some(([glob, lang]) => lang === languageId && (languageId !== 'plaintext' || names.test(glob)));
}
