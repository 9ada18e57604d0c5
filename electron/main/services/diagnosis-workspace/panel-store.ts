// The panels an analysis can use: the demo pack shipped in resources/panels (checksummed, demo and tests
// only) and the PanelApp exports a lab installs, kept whole in the store so an analysis can be repeated
// exactly after the export file is gone. A panel id and version always mean the same genes: installing a
// different panel under an id and version already installed is refused.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors.ts';
import { PanelSchema, type Panel, type PanelRef } from '../../../../shared/schemas/diagnosis.ts';
import type { InstalledPanel } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import { loadPanelPack, sha256File, type PanelPack } from '../diagnosis/panel-pack.ts';
import { PanelLibrary, comparePanelVersions } from '../diagnosis/panel-library.ts';
import { readPanelExportFile } from '../diagnosis/panel-export-file.ts';
import type { SfList } from '../diagnosis/acmg-sf-list.ts';

export interface PanelStoreDeps {
  store: Store;
  actor: string;
  clock: Clock;
  /** resources/panels of this build of the app. */
  panelsDir: string;
  /** PanelApp exports installed as packs through the Packs screen (the packs service, issue 7) count too. */
  panelPacks?: () => { id: string; version: string; file: string }[];
}

interface InstalledRow {
  panel_id: string;
  version: string;
  file_name: string;
  panel_json: string;
  installed_at: string;
  installed_by: string;
}

interface Meta {
  origin: 'shipped' | 'installed';
  fileName: string | null;
  installedAt: string | null;
  installedBy: string | null;
  caveat: string | null;
}

const refKey = (id: string, version: string) => `${id}@${version}`;



/**
 * Same genes, ratings and inheritance class: a re-install of the same version is recognised as such, even
 * from the other export format (the flat table writes "AD" where the API writes "MONOALLELIC, …").
 */
function sameGenes(a: Panel, b: Panel): boolean {
  const norm = (p: Panel) => JSON.stringify([...p.genes].sort((x, y) => x.symbol.localeCompare(y.symbol)).map((g) => [g.symbol, g.confidence, g.moi.category]));
  return norm(a) === norm(b);
}

export type PanelStore = ReturnType<typeof createPanelStore>;

export function createPanelStore({ store, actor, clock, panelsDir, panelPacks = () => [] }: PanelStoreDeps) {
  const { sqlite } = store;
  const selectInstalled = sqlite.prepare('SELECT panel_id, version, file_name, panel_json, installed_at, installed_by FROM diagnosis_panels ORDER BY panel_id, version');
  const insert = sqlite.prepare(
    `INSERT INTO diagnosis_panels (panel_id, version, name, source_kind, file_name, sha256, panel_json, installed_at, installed_by)
     VALUES (@panelId, @version, @name, @sourceKind, @fileName, @sha256, @panelJson, @installedAt, @installedBy)`,
  );

  let shipped: PanelPack | null = null;
  let cache: { library: PanelLibrary; meta: Map<string, Meta>; signature: string } | null = null;

  /** Changes whenever a panel pack is installed or removed, so its panels appear at once. */
  function packsSignature(): string {
    return panelPacks()
      .map((p) => `${p.id}@${p.version}:${p.file}:${fs.existsSync(p.file) ? fs.statSync(p.file).mtimeMs : 'missing'}`)
      .join('|');
  }

  function shippedPack(): PanelPack {
    // Checked once per process: every file against its manifest checksum (diagnosis/panel-pack-corrupt).
    shipped ??= loadPanelPack(panelsDir);
    return shipped;
  }

  function state(): { library: PanelLibrary; meta: Map<string, Meta> } {
    const signature = packsSignature();
    if (cache && cache.signature === signature) return cache;
    const pack = shippedPack();
    const meta = new Map<string, Meta>();
    const panels: Panel[] = [];
    for (const p of pack.library.list()) {
      const entry = pack.manifest.files.find((f) => f.kind === 'panelapp-api-v1' && f.panelId === p.id && f.version === p.version);
      meta.set(refKey(p.id, p.version), { origin: 'shipped', fileName: entry?.path ?? null, installedAt: null, installedBy: null, caveat: entry?.caveat ?? null });
      panels.push(p);
    }
    for (const row of selectInstalled.all() as InstalledRow[]) {
      const k = refKey(row.panel_id, row.version);
      if (meta.has(k)) continue;
      panels.push(PanelSchema.parse(JSON.parse(row.panel_json)));
      meta.set(k, { origin: 'installed', fileName: row.file_name, installedAt: row.installed_at, installedBy: row.installed_by, caveat: null });
    }
    for (const { panel, meta: m } of panelsFromPacks()) {
      const k = refKey(panel.id, panel.version);
      if (meta.has(k)) continue;
      panels.push(panel);
      meta.set(k, m);
    }
    cache = { library: new PanelLibrary(panels), meta, signature };
    return cache;
  }

  /** Panels of the installed panel packs (the packs service checked each file's checksum when installing it). */
  function panelsFromPacks(): { panel: Panel; meta: Meta }[] {
    const out: { panel: Panel; meta: Meta }[] = [];
    for (const p of panelPacks()) {
      if (!fs.existsSync(p.file)) {
        throw new AppError('diagnosis/panel-pack-corrupt', `The panel pack ${p.id} is missing its file ${path.basename(p.file)}. Reinstall it on the Packs screen.`, { pack: p.id, file: p.file });
      }
      for (const panel of readPanelExportFile(p.file, { fallbackVersion: p.version })) {
        out.push({ panel, meta: { origin: 'installed', fileName: path.basename(p.file), installedAt: null, installedBy: null, caveat: null } });
      }
    }
    return out;
  }

  /**
   * A panel pack is replaced under the same pack id, so a release an analysis pinned can disappear while that
   * analysis runs: it is described from the panel itself, saying so, rather than failing the analysis.
   */
  function replacedRelease(p: Panel): Meta {
    return {
      origin: 'installed',
      fileName: null,
      installedAt: null,
      installedBy: null,
      caveat: `Release ${p.version} of this panel is no longer installed (a newer release replaced it); the genes shown are those of ${p.version}.`,
    };
  }

  function describe(p: Panel): InstalledPanel {
    const m = state().meta.get(refKey(p.id, p.version)) ?? replacedRelease(p);
    return {
      id: p.id,
      name: p.name,
      version: p.version,
      origin: m.origin,
      sourceKind: p.sourceKind,
      diseaseGroup: p.diseaseGroup,
      versionCreated: p.versionCreated,
      genes: p.genes.length,
      greenGenes: p.genes.filter((g) => g.confidence === 'green').length,
      fileName: m.fileName,
      installedAt: m.installedAt,
      installedBy: m.installedBy,
      caveat: m.caveat,
    };
  }

  return {
    library: (): PanelLibrary => state().library,
    sfList: (): SfList | null => shippedPack().sfList,
    describe,

    /** Installed panels by name, newest version first within a panel. */
    list(): InstalledPanel[] {
      return state()
        .library.list()
        .map(describe)
        .sort((a, b) => a.name.localeCompare(b.name) || comparePanelVersions(b.version, a.version));
    },

    resolve(refs: readonly PanelRef[]): Panel[] {
      return state().library.resolve(refs);
    },

    /** Installs a lab's PanelApp export (API v1 JSON, or the flat TSV with a version label). */
    install(file: string, version?: string): { installed: InstalledPanel[]; alreadyInstalled: InstalledPanel[] } {
      const resolved = path.resolve(file);
      const panels = readPanelExportFile(resolved, { fallbackVersion: version });
      if (panels.length === 0) {
        throw new AppError('diagnosis/panel-malformed', `${path.basename(resolved)} holds no panel.`, { file: resolved });
      }
      const sha256 = sha256File(resolved);
      const at = clock.now().toISOString();
      const library = state().library;
      const fresh: Panel[] = [];
      const already: Panel[] = [];
      for (const p of panels) {
        if (!library.versions(p.id).includes(p.version)) {
          fresh.push(p);
          continue;
        }
        const existing = library.get(p.id, p.version);
        if (!sameGenes(existing, p)) {
          throw new AppError(
            'diagnosis/panel-version-conflict',
            `Panel ${p.id} version ${p.version} is already installed with different genes. PanelApp never changes a released version: check that ${path.basename(resolved)} came from PanelApp and names the right version.`,
            { file: resolved, panelId: p.id, version: p.version },
          );
        }
        already.push(existing);
      }
      // One transaction for the whole file: a multi-panel export is installed entirely or not at all.
      inTransaction(sqlite, () => {
        for (const p of fresh) {
          insert.run({
            panelId: p.id,
            version: p.version,
            name: p.name,
            sourceKind: p.sourceKind,
            fileName: path.basename(resolved),
            sha256,
            panelJson: JSON.stringify(p),
            installedAt: at,
            installedBy: actor,
          });
          writeAudit(sqlite, {
            at,
            actor,
            entityType: 'panel',
            entityId: refKey(p.id, p.version),
            action: 'install',
            changes: { panelId: p.id, name: p.name, version: p.version, genes: p.genes.length, file: path.basename(resolved), sha256 },
          });
        }
      });
      cache = null;
      return { installed: fresh.map(describe), alreadyInstalled: already.map(describe) };
    },
  };
}
