// Installed panels: the shipped demo pack plus a lab's own PanelApp exports (real PanelApp API v1 and flat
// files from ../shared/data/panels), kept whole in the store; a referral pins the version it chose; an
// unknown panel or version is a specific error. Expected gene counts and versions are read from the
// PanelApp files themselves.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import type { AppError } from '../../../shared/errors.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { openApp } from './helpers/case.ts';

const tmp = makeTempDir('genodesk-dx-panels-');
const PANEL_123 = path.join(SHARED_DATA, 'panels/panelapp/api_panel_details/panel_123.json');
const FLAT = path.join(SHARED_DATA, 'panels/panelapp/PanelAppData_combined_core.tsv');
const api123 = JSON.parse(fs.readFileSync(PANEL_123, 'utf8')) as { id: number; name: string; version: string; genes: { gene_data: { gene_symbol: string } }[] };
let app: GenoDesk;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
}

/** The rows of one panel from PanelApp's flat table (test-only extract). */
function flatExtract(panelId: string): string {
  const [header, ...rows] = fs.readFileSync(FLAT, 'utf8').split('\n');
  const file = path.join(tmp.dir, `flat-${panelId}.tsv`);
  fs.writeFileSync(file, [header, ...rows.filter((r) => r.split('\t')[0] === panelId)].join('\n') + '\n');
  return file;
}

beforeAll(() => {
  app = openApp(path.join(tmp.dir, 'data'));
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('panels', () => {
  it('lists the shipped demo pack with versions and its caveat, and the ACMG SF list', () => {
    const { panels, sfList } = app.diagnosis.panels.list();
    const manifest = JSON.parse(fs.readFileSync(path.join(app.resourcesDir, 'panels/manifest.json'), 'utf8')) as { files: { kind: string; panelId?: string; version: string }[] };
    const expected = manifest.files.filter((f) => f.kind === 'panelapp-api-v1').map((f) => `${f.panelId}@${f.version}`);
    expect(panels.map((p) => `${p.id}@${p.version}`).sort()).toEqual(expected.sort());
    expect(panels.every((p) => p.origin === 'shipped' && /Demo and tests only/.test(p.caveat ?? ''))).toBe(true);
    expect(sfList).toEqual({ version: '3.2', genes: 81 });
  });

  it('installs a lab PanelApp API export, recognises a re-install, refuses a different panel under the same version', () => {
    const first = app.diagnosis.panels.install(PANEL_123);
    const symbols = new Set(api123.genes.map((g) => g.gene_data.gene_symbol));
    expect(first.installed).toMatchObject([{ id: String(api123.id), name: api123.name, version: api123.version, origin: 'installed', genes: symbols.size, fileName: 'panel_123.json', installedBy: 'scientist-a' }]);
    expect(app.audit.list('panel', `${api123.id}@${api123.version}`).map((a) => a.action)).toEqual(['install']);
    expect(app.diagnosis.panels.install(PANEL_123)).toMatchObject({ installed: [], alreadyInstalled: [{ id: String(api123.id) }] });

    const edited = JSON.parse(fs.readFileSync(PANEL_123, 'utf8')) as { genes: unknown[] };
    edited.genes = edited.genes.slice(1);
    const editedFile = path.join(tmp.dir, 'panel_123_edited.json');
    fs.writeFileSync(editedFile, JSON.stringify(edited));
    expect(codeOf(() => app.diagnosis.panels.install(editedFile))).toBe('diagnosis/panel-version-conflict');
    // The same version from PanelApp's flat table is the same panel.
    expect(app.diagnosis.panels.install(flatExtract('123'), api123.version)).toMatchObject({ installed: [], alreadyInstalled: [{ id: '123' }] });
  });

  it('a flat table needs a version label; with one, it installs', () => {
    const file = flatExtract('1');
    expect(codeOf(() => app.diagnosis.panels.install(file))).toBe('diagnosis/panel-malformed');
    const rows = fs.readFileSync(file, 'utf8').trim().split('\n').length - 1;
    const r = app.diagnosis.panels.install(file, '2026-03-09');
    expect(r.installed).toMatchObject([{ id: '1', version: '2026-03-09', sourceKind: 'panelapp-flat-tsv', genes: rows }]);
    expect(codeOf(() => app.diagnosis.panels.install(path.join(tmp.dir, 'missing.json')))).toBe('diagnosis/panel-malformed');
  });

  it('a referral pins the version it chose; unknown panels and versions are specific errors', async () => {
    const patient = app.patients.create({ nhsNumber: '943 476 5919', familyName: 'Panels', givenName: 'Pat', birthDate: '1970-01-01', sex: 'male' });
    const referral = app.diagnosis.referral.save({ patientId: patient.id, clinicalIndication: 'Epistaxis and telangiectasia', hpoTerms: [], panels: [{ id: '123' }] });
    expect(referral.panels).toEqual([{ id: '123', name: api123.name, version: api123.version }]);
    // A later version installed (a test-only relabelled copy) does not change the pinned referral…
    const newer = JSON.parse(fs.readFileSync(PANEL_123, 'utf8')) as { version: string };
    newer.version = '3.8';
    const newerFile = path.join(tmp.dir, 'panel_123_v3.8.json');
    fs.writeFileSync(newerFile, JSON.stringify(newer));
    app.diagnosis.panels.install(newerFile);
    expect(app.diagnosis.referral.get(patient.id).referral!.panels[0].version).toBe(api123.version);
    // …while a new choice without a version takes the newest installed.
    const again = app.diagnosis.referral.save({ patientId: patient.id, clinicalIndication: 'Epistaxis', hpoTerms: [], panels: [{ id: '123' }], basedOnVersion: 1 });
    expect(again).toMatchObject({ version: 2, panels: [{ id: '123', version: '3.8' }] });
    expect(codeOf(() => app.diagnosis.referral.save({ patientId: patient.id, clinicalIndication: 'x', hpoTerms: [], panels: [{ id: '123' }], basedOnVersion: 1 }))).toBe(
      'diagnosis/referral-stale',
    );
    expect(codeOf(() => app.diagnosis.panels.resolve([{ id: '123', version: '9.9' }]))).toBe('diagnosis/unknown-panel-version');
    expect(codeOf(() => app.diagnosis.panels.resolve([{ id: '424242' }]))).toBe('diagnosis/unknown-panel');
    expect(codeOf(() => app.diagnosis.referral.save({ patientId: patient.id, clinicalIndication: ' ', hpoTerms: [], panels: [{ id: '123' }] }))).toBe('diagnosis/referral-required');
  });

  it('a PanelApp export installed as a pack on the Packs screen (packs service) is an installed panel too', async () => {
    const src = path.join(SHARED_DATA, 'panels/panelapp/api_panel_details/panel_1213.json');
    const json = JSON.parse(fs.readFileSync(src, 'utf8')) as { id: number; name: string; version: string };
    const pack = await app.packs.install({ paths: [src] });
    expect(pack.kind).toBe('panel');
    expect(app.diagnosis.panels.list().panels.find((p) => p.id === String(json.id))).toMatchObject({ name: json.name, version: json.version, origin: 'installed' });
    // Its file gone from under the pack: a specific error rather than a silently shorter list.
    const file = app.packs.panelFiles().find((f) => f.id === pack.id)!.file;
    fs.renameSync(file, `${file}.moved`);
    expect(codeOf(() => app.diagnosis.panels.list())).toBe('diagnosis/panel-pack-corrupt');
    fs.renameSync(`${file}.moved`, file);
  });
});
