import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/helpers/paths.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Real third-party data beside the repository (see ../shared/data/PROVENANCE.md). CI clones with shared/ beside it. */
export const SHARED_DATA = process.env.GENODESK_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');

export const RESOURCES = path.join(REPO_ROOT, 'resources');
