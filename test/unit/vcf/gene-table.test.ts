// The bundled gene table (resources/genes) is exactly what its sources say: rebuilt here from the
// PanelApp files in shared data and compared byte for byte, and its manifest checksums match.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENE_TABLE_FILES, buildGeneTables, formatGeneTable } from '../../../scripts/genes-build.ts';
import { loadGeneTable } from '../../../electron/main/services/vcf/gene-table.ts';
import { AppError } from '../../../shared/errors.ts';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';

const PANELAPP = path.join(SHARED_DATA, 'panels/panelapp');
const GENES = path.join(RESOURCES, 'genes');

describe('resources/genes', () => {
  const built = buildGeneTables(PANELAPP);
  const manifest = JSON.parse(fs.readFileSync(path.join(GENES, 'manifest.json'), 'utf8')) as {
    builds: Record<string, { file: string; genes: number; sha256: string }>;
    sources: { repository: string; commit: string; caveat: string; files: { path: string; sha256: string }[] };
  };

  it.each(['GRCh38', 'GRCh37'] as const)('%s table equals a rebuild from the PanelApp sources, and its manifest entry', (build) => {
    const bundled = fs.readFileSync(path.join(GENES, GENE_TABLE_FILES[build]), 'utf8');
    expect(bundled).toBe(formatGeneTable(built.rows[build]));
    expect(manifest.builds[build].sha256).toBe(createHash('sha256').update(bundled).digest('hex'));
    expect(manifest.builds[build].genes).toBe(built.rows[build].length);
  });

  it('records its provenance: repository, commit, source checksums, licence caveat', () => {
    expect(manifest.sources.repository).toBe('DylanLawless/PanelAppRex');
    expect(manifest.sources.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.sources.caveat).toMatch(/research purposes/);
    const sources = new Map(built.sources.map((s) => [s.path, s.sha256]));
    for (const f of manifest.sources.files) expect(sources.get(f.path), f.path).toBe(f.sha256);
  });

  it('gives every gene of the PanelApp BED its BED interval on GRCh38 (BED is 0-based, half-open)', () => {
    const table = loadGeneTable(GENES);
    const bed = fs.readFileSync(path.join(PANELAPP, 'PanelAppData_genes_combined.bed'), 'utf8').trim().split('\n');
    expect(bed.length).toBeGreaterThan(100);
    for (const line of bed) {
      const [chrom, start, end, symbol] = line.split('\t');
      const g = table.lookup(symbol, 'GRCh38');
      expect([g.chrom, g.start, g.end], symbol).toEqual([chrom, Number(start) + 1, Number(end)]);
      expect(table.overlapping('GRCh38', chrom, g.start, g.start)).toContain(symbol);
      expect(table.overlapping('GRCh38', chrom, g.end + 1, g.end + 1)).not.toContain(symbol);
    }
  });

  it('uses the PanelApp API Ensembl 82 coordinates for GRCh37 (every gene of panel 245)', () => {
    const api = JSON.parse(fs.readFileSync(path.join(PANELAPP, 'api_panel_details/panel_245.json'), 'utf8')) as {
      genes: { gene_data: { gene_symbol: string; ensembl_genes: { GRch37?: Record<string, { location: string }> } } }[];
    };
    const table = loadGeneTable(GENES);
    let checked = 0;
    for (const g of api.genes) {
      const loc = g.gene_data.ensembl_genes.GRch37?.['82']?.location;
      if (!loc) continue;
      const [chrom, range] = loc.split(':');
      const [start, end] = range.split('-').map(Number);
      expect(table.lookup(g.gene_data.gene_symbol, 'GRCh37'), g.gene_data.gene_symbol).toMatchObject({ chrom: chrom === 'MT' ? 'chrM' : `chr${chrom}`, start, end });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('says vcf/unknown-gene for a symbol it does not have', () => {
    expect(() => loadGeneTable(GENES).lookup('NOTAGENE1', 'GRCh38')).toThrow(AppError);
    try {
      loadGeneTable(GENES).lookup('NOTAGENE1', 'GRCh38');
    } catch (e) {
      expect((e as AppError).code).toBe('vcf/unknown-gene');
    }
  });
});
