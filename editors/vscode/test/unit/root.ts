import * as path from 'node:path';

/** The extension's folder: the tests run from out/test/unit. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
