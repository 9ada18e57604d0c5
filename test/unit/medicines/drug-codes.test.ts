// SNOMED CT codes of the catalogue drugs (resources/medicines/drug-codes.json): every file of the folder is in
// the manifest with its checksum, every code names its published source (repository and commit), every
// catalogue drug is either coded or listed as uncoded with a reason, and the loader refuses a damaged file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDrugCatalogue } from '../../../electron/main/services/medicines/drug-catalogue.ts';
import { loadDrugCodes, snomedId } from '../../../electron/main/services/medicines/drug-codes-data.ts';
import { loadPhenoconversionRules } from '../../../electron/main/services/medicines/phenoconversion/rules-data.ts';
import { PgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import type { AppError } from '../../../shared/errors.ts';
import { RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const dir = path.join(RESOURCES, 'medicines');
const { data, byDrug } = loadDrugCodes(dir);
const guidelines = new PgxData(path.join(RESOURCES, 'pgx')).allGuidelines();
const rules = loadPhenoconversionRules(dir);
const catalogue = buildDrugCatalogue(guidelines, rules, byDrug);

describe('resources/medicines manifest', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; source: string }[] };

  it('lists every data file with its sha256, and nothing that is not there', () => {
    const onDisk = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk.sort());
    for (const f of manifest.files) {
      expect(createHash('sha256').update(fs.readFileSync(path.join(dir, f.path))).digest('hex'), f.path).toBe(f.sha256);
      expect(f.source.length).toBeGreaterThan(0);
    }
  });
});

describe('drug-codes.json', () => {
  it('gives each code a published source with repository, commit and path, and says the licence', () => {
    expect(data.codes.length).toBeGreaterThan(0);
    for (const c of data.codes) {
      expect(c.sources.length, c.drug).toBeGreaterThan(0);
      for (const s of c.sources) expect(data.sources[s], `${c.drug} cites ${s}`).toMatchObject({ repository: expect.stringMatching(/\//), commit: expect.stringMatching(/^[0-9a-f]{40}$/), path: expect.any(String) });
      expect(c.display).toMatch(/ \(substance\)$/);
    }
    expect(data.licence).toMatch(/SNOMED International/);
    expect(data.licence).toMatch(/national licence/);
  });

  it('accounts for every catalogue drug once: coded, or uncoded with the reason', () => {
    const coded = data.codes.map((c) => c.drug);
    const uncoded = data.uncoded.map((u) => u.drug);
    expect([...coded, ...uncoded].sort()).toEqual(catalogue.entries.map((e) => e.name).sort());
    for (const u of data.uncoded) expect(u.reason.length).toBeGreaterThan(0);
  });

  it('lists 1,024 other ch-term substances by English name, each with its own code, none a catalogue drug', () => {
    const { others } = loadDrugCodes(dir);
    expect(others).toHaveLength(1024);
    expect(new Set(others.map((o) => o.code)).size).toBe(others.length);
    for (const o of others) expect(catalogue.resolve(o.name), o.name).toBeNull();
    expect(others.find((o) => o.name === 'metformin')).toEqual({ name: 'metformin', code: 'http://snomed.info/sct|372567009', display: 'Metformin (substance)' });
  });

  it('codes 102 of the 131 catalogue drugs, 77 of the 101 guideline drugs; 63 codes are in both sources', () => {
    const guidelineDrugs = catalogue.entries.filter((e) => e.sources.some((s) => s === 'CPIC' || s === 'DPWG'));
    expect([catalogue.entries.filter((e) => e.code).length, catalogue.entries.length]).toEqual([102, 131]);
    expect([guidelineDrugs.filter((e) => e.code).length, guidelineDrugs.length]).toEqual([77, 101]);
    expect(data.codes.filter((c) => c.sources.length === 2).length).toBe(63);
  });
});

describe('the catalogue with codes', () => {
  it('shows the code on a search result, and finds a drug by its code (stored form or bare SCTID)', () => {
    const [codeine] = catalogue.search('codeine');
    expect(codeine).toMatchObject({ name: 'codeine', code: 'http://snomed.info/sct|387494007', codeDisplay: 'Codeine (substance)' });
    expect(catalogue.byCode('http://snomed.info/sct|387494007')?.name).toBe('codeine');
    expect(catalogue.byCode('387494007')?.name).toBe('codeine');
    // rifampin is coded under the name the sources use (rifampicin).
    expect(catalogue.resolve('rifampicin')).toMatchObject({ name: 'rifampin', codeDisplay: 'Rifampicin (substance)' });
  });

  it('leaves an uncoded drug without a code, and matches nothing for a code of another system or an unknown SCTID', () => {
    expect(catalogue.resolve('dapsone')).toMatchObject({ name: 'dapsone', code: null, codeDisplay: null });
    expect(catalogue.byCode('http://www.nlm.nih.gov/research/umls/rxnorm|2670')).toBeNull();
    expect(catalogue.byCode('http://snomed.info/sct|999999999')).toBeNull();
    expect(snomedId('http://snomed.info/sct|387494007')).toBe('387494007');
    expect(snomedId('codeine')).toBeNull();
  });
});

describe('loading a damaged drug-codes.json', () => {
  function damaged(change: (d: Record<string, unknown>) => void): AppError {
    const tmp = makeTempDir('genodesk-drug-codes-');
    try {
      const d = JSON.parse(fs.readFileSync(path.join(dir, 'drug-codes.json'), 'utf8')) as Record<string, unknown>;
      change(d);
      fs.writeFileSync(path.join(tmp.dir, 'drug-codes.json'), JSON.stringify(d));
      try {
        loadDrugCodes(tmp.dir);
      } catch (err) {
        return err as AppError;
      }
      throw new Error('loaded a damaged file');
    } finally {
      tmp.cleanup();
    }
  }
  const codes = (d: Record<string, unknown>) => d.codes as { drug: string; code: string; sources: string[] }[];

  it('refuses a code citing a source the file does not describe, naming the entry', () => {
    const err = damaged((d) => (codes(d)[0].sources = ['memory']));
    expect(err).toMatchObject({ code: 'medicines/data-invalid', message: expect.stringContaining('codes[0]') });
    expect(err.message).toContain('unknown source "memory"');
  });

  it('refuses one code given to two drugs, and a code that is not an SCTID', () => {
    expect(damaged((d) => (codes(d)[1].code = codes(d)[0].code)).message).toMatch(/already used for/);
    expect(damaged((d) => (codes(d)[0].code = '0123')).message).toMatch(/codes\.0\.code/);
  });

  it('refuses a listed substance that reuses the code of a catalogue drug, naming both', () => {
    const err = damaged((d) => ((d.substances as { code: string }[])[5].code = codes(d)[0].code));
    expect(err.message).toMatch(new RegExp(`substances\\[5\\] gives .* the code ${codes(JSON.parse(fs.readFileSync(path.join(dir, 'drug-codes.json'), 'utf8')))[0].code}, already used for`));
  });
});
