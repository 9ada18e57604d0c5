import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { parsePanelAppApiPanel } from '../../../electron/main/services/diagnosis/panelapp-json.ts';
import { mapPanelAppMoi } from '../../../electron/main/services/diagnosis/panelapp-moi.ts';
import { AppError } from '../../../shared/errors.ts';

const DIR = path.join(SHARED_DATA, 'panels/panelapp/api_panel_details');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const raw = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));

describe('PanelApp API v1 panel JSON', () => {
  it('reads all 83 real panels with the gene, STR and region counts PanelApp states in `stats`', () => {
    expect(files.length).toBe(83);
    for (const f of files) {
      const json = raw(f);
      const panel = parsePanelAppApiPanel(json, f);
      expect(panel.id).toBe(String(json.id));
      expect(panel.version).toBe(json.version);
      expect(panel.name).toBe(json.name);
      expect(panel.genes.length, f).toBe(json.stats.number_of_genes);
      expect(panel.strCount, f).toBe(json.stats.number_of_strs);
      expect(panel.regionCount, f).toBe(json.stats.number_of_regions);
    }
  });

  it('rates genes 3 green, 2 amber, 1 red, 0 not rated, exactly as confidence_level says', () => {
    const expected: Record<string, string> = { '3': 'green', '2': 'amber', '1': 'red', '0': 'not-rated' };
    let checked = 0;
    for (const f of files) {
      const json = raw(f);
      const panel = parsePanelAppApiPanel(json, f);
      const bySymbol = new Map(panel.genes.map((g) => [g.symbol, g]));
      for (const g of json.genes) {
        expect(bySymbol.get(g.entity_name)!.confidence).toBe(expected[g.confidence_level]);
        expect(bySymbol.get(g.entity_name)!.moi.source).toBe(g.mode_of_inheritance);
        checked++;
      }
    }
    expect(checked).toBe(2307);
  });

  it('panel 1141 (Acute rhabdomyolysis) v2.7: COQ8A green biallelic with its PanelApp GRCh38 location', () => {
    const json = raw('panel_1141.json');
    const panel = parsePanelAppApiPanel(json);
    const coq8a = panel.genes.find((g) => g.symbol === 'COQ8A')!;
    const src = json.genes.find((g: { entity_name: string }) => g.entity_name === 'COQ8A');
    const [chrom, range] = src.gene_data.ensembl_genes.GRch38['90'].location.split(':');
    const [start, end] = range.split('-').map(Number);
    expect(coq8a).toMatchObject({ confidence: 'green', hgncId: src.gene_data.hgnc_id, moi: { category: 'biallelic' } });
    expect(coq8a.grch38).toMatchObject({ chrom: `chr${chrom}`, start, end });
    expect(coq8a.grch38!.source).toContain('Ensembl 90');
  });

  it('maps every mode-of-inheritance string in the 83 panels; only empty, "Unknown" and "Other" stay unknown', () => {
    const strings = new Set<string>();
    for (const f of files) for (const g of raw(f).genes) strings.add(g.mode_of_inheritance ?? '');
    for (const s of strings) {
      const m = mapPanelAppMoi(s);
      if (m.category === 'unknown') expect(['', 'Unknown', 'Other']).toContain(s);
      if (s.startsWith('BIALLELIC')) expect(m.category).toBe('biallelic');
      if (s.startsWith('MONOALLELIC') || s.startsWith('BOTH')) expect(m.category).toBe('monoallelic');
      if (s.startsWith('X-LINKED')) expect(m.category).toBe('x-linked');
      if (s === 'MITOCHONDRIAL') expect(m.category).toBe('mitochondrial');
    }
    expect(strings.size).toBe(13);
    expect(mapPanelAppMoi('X-LINKED: hemizygous mutation in males, biallelic mutations in females').detail).toBe('x-linked-biallelic');
    expect(
      mapPanelAppMoi('X-LINKED: hemizygous mutation in males, monoallelic mutations in females may cause disease (may be less severe, later onset than males)').detail,
    ).toBe('x-linked-monoallelic');
    expect(mapPanelAppMoi('MONOALLELIC, autosomal or pseudoautosomal, paternally imprinted (maternal allele expressed)').detail).toBe('monoallelic-paternally-imprinted');
    expect(mapPanelAppMoi('BOTH monoallelic and biallelic (but BIALLELIC mutations cause a more SEVERE disease form), autosomal or pseudoautosomal').detail).toBe(
      'monoallelic-and-biallelic-more-severe',
    );
  });

  it('refuses JSON that is not a PanelApp panel, with a specific error', () => {
    const json = raw('panel_635.json');
    const noVersion = { ...json, version: undefined };
    expect(() => parsePanelAppApiPanel(noVersion, 'x.json')).toThrowError(AppError);
    try {
      parsePanelAppApiPanel(noVersion, 'x.json');
    } catch (e) {
      expect((e as AppError).code).toBe('diagnosis/panel-malformed');
      expect((e as AppError).details).toMatchObject({ origin: 'x.json', path: 'version' });
    }
    const badRating = { ...json, genes: [{ ...json.genes[0], confidence_level: 'green' }] };
    expect(() => parsePanelAppApiPanel(badRating)).toThrowError(/confidence level "green"/);
    expect(() => parsePanelAppApiPanel([1, 2, 3])).toThrowError(/not a PanelApp API v1 panel/);
  });
});
