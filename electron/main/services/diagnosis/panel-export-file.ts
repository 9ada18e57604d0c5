// A lab's own PanelApp export, as installed from a file: the API v1 panel JSON (one panel) or the flat
// table (many panels). The flat table carries no versions, so installing one needs a version label.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import type { Panel } from '../../../../shared/schemas/diagnosis.ts';
import { parsePanelAppApiPanel } from './panelapp-json.ts';
import { parsePanelAppFlatTsv } from './panelapp-tsv.ts';

export function readPanelExportFile(file: string, options: { fallbackVersion?: string; versions?: ReadonlyMap<string, string> } = {}): Panel[] {
  if (!fs.existsSync(file)) {
    throw new AppError('diagnosis/panel-malformed', `Panel export ${file} does not exist.`, { file });
  }
  const text = fs.readFileSync(file, 'utf8');
  const origin = path.basename(file);
  if (text.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new AppError('diagnosis/panel-malformed', `${origin} is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`, { file });
    }
    return [parsePanelAppApiPanel(json, origin)];
  }
  return parsePanelAppFlatTsv(text, { fallbackVersion: options.fallbackVersion ?? '', versions: options.versions, origin });
}
