// `genodesk packs install|list|remove` and `genodesk annotate` (--vcf one-off, --patient stored, --panel
// dispatched to the diagnosis ranking) as a lab scripts them: one JSON document on stdout, exit 0/1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { DEMO_TRANSCRIPTS, makeVepTestWithClinvar } from '../../helpers/annotation-vcfs.ts';
import { annotatedVariantSchema } from '../../../shared/schemas/annotation.ts';
import { packInfoSchema } from '../../../shared/schemas/packs.ts';

const { dir, cleanup } = makeTempDir('genodesk-cli-annotate-');
afterAll(() => cleanup());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON paths
type Json = Record<string, any>;

function genodesk(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/genodesk.js'), ...args], {
    env: { ...process.env, GENODESK_DATA_DIR: path.join(dir, 'data'), GENODESK_DB_KEY: 'cli-key' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, json: JSON.parse(r.stdout) as Json };
}

const vcf = makeVepTestWithClinvar(dir);
const GFF3 = path.join(DEMO_TRANSCRIPTS, 'transcripts.gff3.gz');
const FASTA = path.join(DEMO_TRANSCRIPTS, 'GRCh38_chr21_Npadded.fa.gz');

describe('genodesk packs and annotate', () => {
  it('annotate --vcf --gff3 --fasta prints issue 7 §6 JSON per variant and stores nothing', () => {
    const r = genodesk(['annotate', '--vcf', vcf, '--gff3', GFF3, '--fasta', FASTA]);
    expect(r.status).toBe(0);
    expect(r.json.variants).toHaveLength(134);
    for (const v of r.json.variants) annotatedVariantSchema.parse(v);
    const coding = r.json.variants.find((v: Json) => v.consequences.some((c: Json) => c.hgvsp));
    expect(Object.keys(coding)).toEqual(expect.arrayContaining(['chrom', 'pos', 'ref', 'alt', 'consequences', 'clinvar']));
    expect(Object.keys(coding.consequences[0])).toEqual(
      expect.arrayContaining(['gene', 'transcript', 'biotype', 'strand', 'terms', 'hgvsc', 'hgvsp', 'impact']),
    );
    expect(r.json.summary).toMatchObject({ records: 134, alleles: 134, referenceMismatches: 0 });
    expect(genodesk(['annotate', '--vcf', vcf, '--gff3', GFF3]).json.error.code).toBe('cli/missing-argument');
  });

  it('packs install | list | remove, then annotate --patient from the installed packs', () => {
    const none = genodesk(['packs', 'list']);
    expect(none.status).toBe(0);
    expect(none.json.packs).toEqual([]);
    expect(none.json.builtIn.length).toBe(3);

    const t = genodesk(['packs', 'install', '--built-in', 'grch38-chr21-ensembl84-demo']);
    expect(t.status).toBe(0);
    packInfoSchema.parse(t.json.pack);
    const c = genodesk(['packs', 'install', path.join(REPO_ROOT, 'resources/packs/clinvar-20211025-grch38-testset')]);
    expect(c.json.pack).toMatchObject({ id: 'clinvar-20211025-grch38-testset', kind: 'clinvar', version: '2021-10-25' });
    expect(genodesk(['packs', 'list']).json.packs.map((p: Json) => [p.id, p.active])).toEqual([
      ['clinvar-20211025-grch38-testset', true],
      ['grch38-chr21-ensembl84-demo', true],
    ]);

    genodesk(['patients', 'add', '--nhs-number', '9434765919', '--family-name', 'Cli', '--given-name', 'Annotate', '--birth-date', '1970-01-01']);
    expect(genodesk(['import', vcf, '--patient', '9434765919']).status).toBe(0);
    const a = genodesk(['annotate', '--patient', '9434765919']);
    expect(a.status).toBe(0);
    expect(a.json.annotation.runs[0].packs.map((p: Json) => p.id)).toEqual(['grch38-chr21-ensembl84-demo', 'clinvar-20211025-grch38-testset']);
    // By default only variants with a transcript consequence, a ClinVar match or a refusal.
    expect(a.json.total).toBe(a.json.variants.length);
    expect(a.json.variants.length).toBeLessThan(134);
    const v = a.json.variants.find((x: Json) => x.hgvsp);
    expect(Object.keys(v)).toEqual(expect.arrayContaining(['chrom', 'pos', 'ref', 'alt', 'genotype', 'gene', 'transcript', 'hgvsc', 'hgvsp', 'consequence', 'clinvar']));
    expect(v.annotationSource.tool).toBe('GenoDesk');
    const pathogenic = a.json.variants.find((x: Json) => x.pos === 6116503);
    expect(pathogenic.clinvar).toMatchObject({ variationId: '433140', significance: 'Pathogenic' });
    // A second run with the same packs reuses the annotation; --all lists every variant.
    const again = genodesk(['annotate', '--patient', '9434765919', '--all', '--limit', '500']);
    expect(again.json.annotation.upToDate).toHaveLength(1);
    expect(again.json.variants).toHaveLength(134);

    expect(genodesk(['annotate', '--patient', '9434765919', '--panel', '99999']).json.error.code).toBe('diagnosis/unknown-panel');
    const removed = genodesk(['packs', 'remove', 'clinvar-20211025-grch38-testset']);
    expect(removed.json.removed.id).toBe('clinvar-20211025-grch38-testset');
    const missing = genodesk(['packs', 'remove', 'clinvar-20211025-grch38-testset']);
    expect(missing.status).toBe(1);
    expect(missing.json.error.code).toBe('packs/not-found');
  });

  it('annotate runs lists every run kept; annotate delete-run deletes a replaced one and refuses the current', () => {
    // The ClinVar pack was removed above: a re-run replaces the annotation, keeping the earlier run.
    const rerun = genodesk(['annotate', '--patient', '9434765919', '--rerun', '--limit', '1']);
    expect(rerun.status).toBe(0);
    const listed = genodesk(['annotate', 'runs', '--patient', '9434765919']);
    expect(listed.status).toBe(0);
    expect(listed.json.runs).toHaveLength(2);
    const current = listed.json.runs.find((r: Json) => r.current);
    const earlier = listed.json.runs.find((r: Json) => !r.current);
    expect(current.id).toBe(rerun.json.annotation.runs[0].id);
    expect(earlier.packs.map((p: Json) => p.id)).toContain('clinvar-20211025-grch38-testset');
    expect(current.importId).toBe(earlier.importId);

    const refused = genodesk(['annotate', 'delete-run', '--patient', '9434765919', current.id]);
    expect(refused.status).toBe(1);
    expect(refused.json.error.code).toBe('annotate/run-is-current');
    const deleted = genodesk(['annotate', 'delete-run', '--patient', '9434765919', earlier.id]);
    expect(deleted.status).toBe(0);
    expect(deleted.json).toEqual({ deleted: earlier.id });
    expect(genodesk(['annotate', 'runs', '--patient', '9434765919']).json.runs.map((r: Json) => r.id)).toEqual([current.id]);
    expect(genodesk(['annotate', 'delete-run', '--patient', '9434765919', earlier.id]).json.error.code).toBe('annotate/run-not-found');
    expect(genodesk(['annotate', 'runs']).json.error.code).toBe('cli/missing-argument');
  });
});
