import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { parsePanelAppFlatTsv, versionsFromPanelList } from '../../../electron/main/services/diagnosis/panelapp-tsv.ts';
import { parsePanelAppApiPanel } from '../../../electron/main/services/diagnosis/panelapp-json.ts';

const PANELAPP = path.join(SHARED_DATA, 'panels/panelapp');
const tsv = fs.readFileSync(path.join(PANELAPP, 'PanelAppData_combined_core.tsv'), 'utf8');
const listPages = fs
  .readdirSync(PANELAPP)
  .filter((f) => f.startsWith('api_panels_list_page_'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(PANELAPP, f), 'utf8')));

describe('PanelApp flat TSV', () => {
  const versions = versionsFromPanelList(listPages);
  const panels = parsePanelAppFlatTsv(tsv, { versions, fallbackVersion: 'PanelAppRex flat export a223d12' });
  const byId = new Map(panels.map((p) => [p.id, p]));

  it('finds the same 447 panels, with the same names, as PanelApp meta-names table', () => {
    const meta = fs
      .readFileSync(path.join(PANELAPP, 'PanelAppData_combined_meta_names.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'));
    expect(panels.length).toBe(meta.length);
    for (const [id, name] of meta) expect(byId.get(id)?.name).toBe(name);
  });

  it('takes versions from the PanelApp /panels/ list, and labels the rest rather than inventing one', () => {
    // The list pages and the panel details are one snapshot: the details JSON states the same version.
    const details = JSON.parse(fs.readFileSync(path.join(PANELAPP, 'api_panel_details/panel_1141.json'), 'utf8'));
    expect(byId.get('1141')!.version).toBe(details.version);
    let labelled = 0;
    for (const p of panels) {
      if (versions.has(p.id)) {
        expect(p.version).toBe(versions.get(p.id));
      } else {
        labelled++;
        expect(p.version).toBe('PanelAppRex flat export a223d12');
        expect(p.warnings.join(' ')).toMatch(/Version not recorded/);
      }
    }
    expect(labelled).toBe(12);
  });

  it('agrees with the API JSON of the same panel on ratings and inheritance class (panels 34, 50, 76)', () => {
    for (const id of ['34', '50', '76']) {
      const json = parsePanelAppApiPanel(JSON.parse(fs.readFileSync(path.join(PANELAPP, 'api_panel_details', `panel_${id}.json`), 'utf8')));
      const flat = byId.get(id)!;
      expect(flat.genes.length).toBe(json.genes.length);
      for (const g of json.genes) {
        const f = flat.genes.find((x) => x.symbol === g.symbol)!;
        expect(f.confidence, `${id} ${g.symbol}`).toBe(g.confidence);
        // The TSV abbreviates (AD, AR, AD/AR, XL, MT); "NA" carries no information to compare.
        if (f.moi.source !== 'NA' && f.moi.source !== '') expect(f.moi.category, `${id} ${g.symbol}`).toBe(g.moi.category);
      }
    }
  });

  it('merges a gene listed several times in a super-panel at its highest rating', () => {
    const rows = tsv.split('\n').filter((l) => l.startsWith('465\t')).map((l) => l.split('\t'));
    const levels = rows.filter((r) => r[2] === 'MYOT').map((r) => Number(r[3]));
    expect(levels.length).toBeGreaterThan(1);
    const myot = byId.get('465')!.genes.filter((g) => g.symbol === 'MYOT');
    expect(myot).toHaveLength(1);
    expect(myot[0].confidenceLevel).toBe(Math.max(...levels));
  });

  it('refuses a table without the PanelApp columns, or without a version label', () => {
    expect(() => parsePanelAppFlatTsv('panel\tgene\n1\tABC\n', { fallbackVersion: 'x' })).toThrowError(/missing column/);
    expect(() => parsePanelAppFlatTsv(tsv, { fallbackVersion: ' ' })).toThrowError(/no panel versions/);
    const broken = tsv.split('\n').slice(0, 3).join('\n') + '\n1\tAD\tABL1\tgreen\tThoracic\n';
    try {
      parsePanelAppFlatTsv(broken, { fallbackVersion: 'x', origin: 'flat.tsv' });
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string; details: { line: number } }).code).toBe('diagnosis/panel-malformed');
      expect((e as { details: { line: number } }).details.line).toBe(4);
    }
  });
});
