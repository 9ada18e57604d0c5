// The panels a lab has installed, by id and version. An analysis names the exact version it used; asking
// for a panel or a version that is not installed is an error, never a silent fallback to another version.
import { AppError } from '../../../../shared/errors.ts';
import type { Panel, PanelRef } from '../../../../shared/schemas/diagnosis.ts';

/** Compare PanelApp versions ("1.56" < "1.152": major.minor as integers, not decimals). */
export function comparePanelVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10));
  const pb = b.split('.').map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return a.localeCompare(b);
    if (x !== y) return x - y;
  }
  return 0;
}

export class PanelLibrary {
  private readonly byId = new Map<string, Panel[]>();

  constructor(panels: Iterable<Panel>) {
    for (const p of panels) {
      const list = this.byId.get(p.id) ?? [];
      if (list.some((q) => q.version === p.version)) continue;
      list.push(p);
      list.sort((x, y) => comparePanelVersions(y.version, x.version));
      this.byId.set(p.id, list);
    }
  }

  list(): Panel[] {
    return [...this.byId.values()].flat();
  }

  versions(id: string): string[] {
    return (this.byId.get(id) ?? []).map((p) => p.version);
  }

  /** Without a version: the newest installed one (what a new analysis uses, and then stores). */
  get(id: string, version?: string): Panel {
    const list = this.byId.get(String(id));
    if (!list || list.length === 0) {
      throw new AppError('diagnosis/unknown-panel', `Panel ${id} is not installed. Install its PanelApp export, or choose one of the installed panels.`, {
        panelId: id,
        installed: [...this.byId.keys()],
      });
    }
    if (version === undefined) return list[0];
    const hit = list.find((p) => p.version === version);
    if (!hit) {
      throw new AppError(
        'diagnosis/unknown-panel-version',
        `Panel ${id} (${list[0].name}) version ${version} is not installed; installed version(s): ${list.map((p) => p.version).join(', ')}. Install that version's PanelApp export to repeat the analysis exactly.`,
        { panelId: id, requestedVersion: version, installedVersions: list.map((p) => p.version) },
      );
    }
    return hit;
  }

  resolve(refs: readonly PanelRef[]): Panel[] {
    const seen = new Set<string>();
    const out: Panel[] = [];
    for (const r of refs) {
      const p = this.get(r.id, r.version);
      if (seen.has(`${p.id}@${p.version}`)) continue;
      seen.add(`${p.id}@${p.version}`);
      out.push(p);
    }
    return out;
  }
}
