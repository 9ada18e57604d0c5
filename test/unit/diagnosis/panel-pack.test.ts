import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { PanelLibrary, comparePanelVersions } from '../../../electron/main/services/diagnosis/panel-library.ts';
import type { AppError } from '../../../shared/errors.ts';

const PACK = path.join(RESOURCES, 'panels');

function codeOf(fn: () => unknown): { code: string; details: Record<string, unknown>; message: string } {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('shipped panel pack (resources/panels)', () => {
  const temps: (() => void)[] = [];
  afterEach(() => temps.splice(0).forEach((c) => c()));

  it('loads five PanelApp panels and the 81-gene ACMG SF v3.2 list, each checked against its manifest', () => {
    const pack = loadPanelPack(PACK);
    expect(pack.library.list().map((p) => `${p.id}@${p.version}`).sort()).toEqual(['1141@2.7', '207@6.8', '50@1.18', '635@2.18', '76@3.12']);
    expect(pack.sfList!.version).toBe('3.2');
    expect(pack.sfList!.genes).toHaveLength(81);
  });

  it('ships byte-identical copies of the shared data, with checksums sha256sum agrees with', () => {
    const pack = loadPanelPack(PACK);
    for (const f of pack.manifest.files) {
      const shipped = path.join(PACK, f.path);
      const source = path.join(SHARED_DATA, 'panels', f.kind === 'acmg-sf-list' ? 'acmg-sf-v3.2.tsv' : path.join('panelapp/api_panel_details', path.basename(f.path)));
      expect(fs.readFileSync(shipped).equals(fs.readFileSync(source)), f.path).toBe(true);
      expect(execFileSync('sha256sum', [shipped], { encoding: 'utf8' }).split(' ')[0]).toBe(f.sha256);
      expect(f.licence.length).toBeGreaterThan(20);
      expect(f.caveat).toBeTruthy();
    }
    expect(fs.readFileSync(path.join(PACK, 'README.md'), 'utf8')).toMatch(/demo and the tests only/);
  });

  it('refuses a pack whose file was changed, or is missing', () => {
    const { dir, cleanup } = makeTempDir();
    temps.push(cleanup);
    fs.cpSync(PACK, dir, { recursive: true });
    const file = path.join(dir, 'panelapp/panel_635.json');
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"2.18"', '"2.19"'));
    const changed = codeOf(() => loadPanelPack(dir));
    expect(changed.code).toBe('diagnosis/panel-pack-corrupt');
    expect(changed.details.file).toBe(file);
    fs.rmSync(file);
    expect(codeOf(() => loadPanelPack(dir)).message).toMatch(/missing panelapp\/panel_635.json/);
  });

  it('unknown panel id or version: specific errors naming what is installed', () => {
    const { library } = loadPanelPack(PACK);
    const unknown = codeOf(() => library.get('9999'));
    expect(unknown.code).toBe('diagnosis/unknown-panel');
    expect(unknown.details.installed).toEqual(expect.arrayContaining(['1141', '635']));
    const version = codeOf(() => library.resolve([{ id: '1141', version: '2.6' }]));
    expect(version.code).toBe('diagnosis/unknown-panel-version');
    expect(version.details).toMatchObject({ panelId: '1141', requestedVersion: '2.6', installedVersions: ['2.7'] });
    expect(library.get('1141', '2.7').name).toBe('Acute rhabdomyolysis');
  });

  it('keeps several versions of one panel and uses the newest (PanelApp numbering: 1.152 is after 1.56)', () => {
    const { library } = loadPanelPack(PACK);
    const p = library.get('1141');
    const lib = new PanelLibrary([{ ...p, version: '2.56' }, p, { ...p, version: '2.152' }]);
    expect(lib.versions('1141')).toEqual(['2.152', '2.56', '2.7']);
    expect(lib.get('1141').version).toBe('2.152');
    expect(lib.get('1141', '2.7').version).toBe('2.7');
    expect(comparePanelVersions('1.56', '1.152')).toBeLessThan(0);
    expect(comparePanelVersions('5.29', '5.29')).toBe(0);
  });
});

describe('installing a lab export file', () => {
  it('reads an API JSON panel or a flat table (which needs a version label)', async () => {
    const { readPanelExportFile } = await import('../../../electron/main/services/diagnosis/panel-export-file.ts');
    const json = readPanelExportFile(path.join(SHARED_DATA, 'panels/panelapp/api_panel_details/panel_1222.json'));
    expect(json.map((p) => [p.id, p.name, p.version])).toEqual([['1222', 'Li Fraumeni Syndrome', '1.6']]);
    const tsv = path.join(SHARED_DATA, 'panels/panelapp/PanelAppData_combined_core.tsv');
    expect(codeOf(() => readPanelExportFile(tsv)).code).toBe('diagnosis/panel-malformed');
    expect(readPanelExportFile(tsv, { fallbackVersion: 'export 2026-03-09' }).length).toBe(447);
    expect(codeOf(() => readPanelExportFile(path.join(SHARED_DATA, 'panels/nope.json'))).code).toBe('diagnosis/panel-malformed');
  });
});
