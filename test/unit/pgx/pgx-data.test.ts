// The reference bundle in resources/pgx: every file is listed in the manifest with its checksum, the
// manifest names its source, commits, versions and licences (incl. the PharmGKB CC BY-SA attribution).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { PgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const dir = path.join(RESOURCES, 'pgx');

describe('resources/pgx manifest', () => {
  const data = new PgxData(dir);

  it('verifies every file against its sha256', () => {
    expect(data.verify()).toEqual({ ok: true });
  });

  it('lists every file in the folder and nothing that is not there', () => {
    const onDisk: string[] = [];
    for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!sub.isDirectory()) continue;
      for (const f of fs.readdirSync(path.join(dir, sub.name))) onDisk.push(`${sub.name}/${f}`);
    }
    expect(data.manifest.files.map((f) => f.path).sort()).toEqual(onDisk.sort());
  });

  it('files are byte-for-byte copies of shared/data/pgx/pharmcat', () => {
    const shared = path.join(SHARED_DATA, 'pgx', 'pharmcat');
    const origin = (p: string) => {
      if (p.startsWith('guidelines/')) return path.join(shared, 'guidelines_2024-05', path.basename(p));
      const extra: Record<string, string> = {
        'phenotype/CYP2D6.cpic.json': 'CYP2D6.cpic.2024-08-27.json',
        'phenotype/CYP2D6.dpwg.json': 'CYP2D6.dpwg.2025-10-03.json',
        'phenotype/G6PD.json': 'G6PD.cpic.2023-08-08.json',
        'phenotype/RYR1.json': 'RYR1.cpic.2023-12-19.json',
      };
      if (extra[p]) return path.join(shared, 'phenotype_extra', extra[p]);
      return path.join(shared, p);
    };
    for (const f of data.manifest.files) {
      expect(fs.readFileSync(path.join(dir, f.path)).equals(fs.readFileSync(origin(f.path))), f.path).toBe(true);
    }
  });

  it('records source, commits, versions and the PharmGKB CC BY-SA 4.0 attribution', () => {
    const m = data.manifest;
    expect(m.components.map((c) => [c.id, c.commit.slice(0, 8)])).toEqual([
      ['definitions', '5431bf11'],
      ['phenotypes', '5431bf11'],
      ['cyp2d6-phenotypes', 'c8100ec8'],
      ['cyp2d6-dpwg-phenotypes', '7767b0af'],
      ['g6pd-phenotypes', '76bfe08c'],
      ['ryr1-phenotypes', '5cb67175'],
      ['messages', '5431bf11'],
      ['guidelines', '30f8cfb7'],
    ]);
    const bySa = m.licences.find((l) => l.licence === 'CC BY-SA 4.0');
    expect(bySa?.attribution).toMatch(/ClinPGx\/PharmGKB/);
    expect(m.genomeBuild).toBe('GRCh38');
  });

  it('gives the data versions every result carries', () => {
    const v = data.dataVersions();
    expect(v.definitions.version).toBe('2025-11-05-00-25');
    expect(v.cyp2d6Phenotypes.version).toBe('2024-08-27-21-12');
    expect(v.cyp2d6DpwgPhenotypes?.version).toBe('2025-09-25-21-40');
    expect(v.g6pdPhenotypes).toMatchObject({ version: 'v1.30.0', commitDate: '2023-08-08' });
    expect(v.ryr1Phenotypes).toMatchObject({ version: '2023-12-05-00-25', commitDate: '2023-12-19' });
    expect(v.guidelines.version).toBe('2024-03-25-16-13');
  });

  it('knows every gene PharmCAT defines, with G6PD and RYR1 phenotype tables from older releases', () => {
    const defined = fs.readdirSync(path.join(SHARED_DATA, 'pgx', 'pharmcat', 'definition')).filter((f) => f.endsWith('_translation.json')).map((f) => f.replace('_translation.json', ''));
    expect([...data.genes]).toEqual(defined.sort());
    for (const gene of ['G6PD', 'RYR1']) expect(data.phenotype(gene)?.gene, gene).toBe(gene);
    // the 2023-08 G6PD map has no namedAlleles list: built from its haplotype -> function map on load
    expect(data.phenotype('G6PD')?.namedAlleles.find((a) => a.name === 'Telti, Kobe')?.functionValue).toBe('I/Deficient with CNSHA');
    expect(data.phenotype('CYP2D6', 'DPWG')?.gene).toBe('CYP2D6');
  });

  it('reports a damaged file with pgx/data-corrupt', () => {
    const t = makeTempDir();
    try {
      fs.cpSync(dir, t.dir, { recursive: true });
      fs.appendFileSync(path.join(t.dir, 'definition', 'ABCG2_translation.json'), ' ');
      expect(() => new PgxData(t.dir).verify()).toThrow(expect.objectContaining({ code: 'pgx/data-corrupt' }));
      expect(() => new PgxData(path.join(t.dir, 'nope'))).toThrow(expect.objectContaining({ code: 'pgx/data-missing' }));
    } finally {
      t.cleanup();
    }
  });
});
