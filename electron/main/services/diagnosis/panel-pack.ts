// Loads a panel pack (a folder with manifest.json, PanelApp panels and the ACMG SF list), checking every
// file against its manifest checksum first: a damaged or edited panel must never be used silently.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { Panel } from '../../../../shared/schemas/diagnosis.ts';
import { parsePanelAppApiPanel } from './panelapp-json.ts';
import { parseAcmgSfList, type SfList } from './acmg-sf-list.ts';
import { PanelLibrary } from './panel-library.ts';

const ManifestFileSchema = z
  .object({
    path: z.string().min(1),
    kind: z.enum(['panelapp-api-v1', 'acmg-sf-list']),
    version: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative().optional(),
    panelId: z.string().optional(),
    licence: z.string(),
    caveat: z.string().optional(),
    source: z.record(z.string(), z.string()),
  })
  .loose();

export const PanelPackManifestSchema = z.object({
  manifestVersion: z.literal(1),
  description: z.string().optional(),
  files: z.array(ManifestFileSchema).min(1),
});

export type PanelPackManifest = z.infer<typeof PanelPackManifestSchema>;

export interface PanelPack {
  dir: string;
  manifest: PanelPackManifest;
  library: PanelLibrary;
  sfList: SfList | null;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function loadPanelPack(dir: string): PanelPack {
  const manifestPath = path.join(dir, 'manifest.json');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new AppError('diagnosis/panel-pack-corrupt', `The panel pack in ${dir} has no readable manifest.json; reinstall the pack.`, {
      file: manifestPath,
      cause: err instanceof Error ? err.message : String(err),
    });
  }
  const parsed = PanelPackManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    throw new AppError('diagnosis/panel-pack-corrupt', `The panel pack manifest ${manifestPath} is not valid: ${parsed.error.issues[0].message}.`, {
      file: manifestPath,
      path: parsed.error.issues[0].path.join('.'),
    });
  }
  const manifest = parsed.data;
  const panels: Panel[] = [];
  let sfList: SfList | null = null;
  for (const entry of manifest.files) {
    const file = path.resolve(dir, entry.path);
    if (!file.startsWith(path.resolve(dir) + path.sep)) {
      throw new AppError('diagnosis/panel-pack-corrupt', `The manifest names a file outside the pack (${entry.path}).`, { file: entry.path });
    }
    if (!fs.existsSync(file)) {
      throw new AppError('diagnosis/panel-pack-corrupt', `The panel pack is missing ${entry.path}; reinstall the pack.`, { file });
    }
    const actual = sha256File(file);
    if (actual !== entry.sha256) {
      throw new AppError('diagnosis/panel-pack-corrupt', `${entry.path} does not match its checksum in the pack manifest; the file was changed or damaged. Reinstall the pack.`, {
        file,
        expected: entry.sha256,
        actual,
      });
    }
    const text = fs.readFileSync(file, 'utf8');
    if (entry.kind === 'panelapp-api-v1') {
      const panel = parsePanelAppApiPanel(JSON.parse(text), entry.path);
      if (panel.version !== entry.version || (entry.panelId && panel.id !== entry.panelId)) {
        throw new AppError('diagnosis/panel-pack-corrupt', `${entry.path} holds panel ${panel.id} v${panel.version} but the manifest says ${entry.panelId ?? '?'} v${entry.version}.`, {
          file,
          expected: `${entry.panelId} v${entry.version}`,
          actual: `${panel.id} v${panel.version}`,
        });
      }
      panels.push(panel);
    } else {
      sfList = parseAcmgSfList(text, entry.version, entry.path);
    }
  }
  return { dir, manifest, library: new PanelLibrary(panels), sfList };
}
