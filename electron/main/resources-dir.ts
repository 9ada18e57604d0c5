// Bundled reference data (resources/ with manifests). Services take its location as an argument: the
// source tree's folder for the CLI and tests, the packaged app's folder for the desktop app.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');
