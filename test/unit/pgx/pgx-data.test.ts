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
      if (p === 'phenotype/CYP2D6.cpic.json' || p === 'phenotype/CYP2D6.dpwg.json') return path.join(shared, 'phenotype_2024-05', path.basename(p));
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
      ['cyp2d6-phenotypes', '30f8cfb7'],
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
    expect(v.cyp2d6Phenotypes.version).toBe('2024-03-25-16-13');
    expect(v.guidelines.version).toBe('2024-03-25-16-13');
  });

  it('knows every gene PharmCAT defines, and has no phenotype table for G6PD and RYR1', () => {
    const defined = fs.readdirSync(path.join(SHARED_DATA, 'pgx', 'pharmcat', 'definition')).filter((f) => f.endsWith('_translation.json')).map((f) => f.replace('_translation.json', ''));
    expect([...data.genes]).toEqual(defined.sort());
    expect(data.phenotype('G6PD')).toBeNull();
    expect(data.phenotype('RYR1')).toBeNull();
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
