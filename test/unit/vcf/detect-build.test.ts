// Build detection from real headers. The expected build of each file is the one shared/data's
// PROVENANCE.md states for it (from its source repository), not something GenoDesk computed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectBuild } from '../../../electron/main/services/vcf/detect-build.ts';
import type { HeaderBuildInput } from '../../../electron/main/services/vcf/detect-build.ts';
import { HeaderReader } from '../../../electron/main/services/vcf/vcf-header.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';

const VCF = path.join(SHARED_DATA, 'vcf');

function headerLines(file: string): string[] {
  const raw = fs.readFileSync(file);
  const text = raw[0] === 0x1f ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/\r$/, ''));
  }
  return lines;
}

function buildInput(lines: string[]): HeaderBuildInput {
  const reader = new HeaderReader('test.vcf');
  lines.slice(0, -1).forEach((l, i) => reader.addMeta(l, i + 1));
  return reader.finish(lines[lines.length - 1], lines.length).info.build;
}

const fromFile = (rel: string) => detectBuild(buildInput(headerLines(path.join(VCF, rel))));

describe('detectBuild on shared-data headers (builds per PROVENANCE.md)', () => {
  it.each([
    ['platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz', 'GRCh38'],
    ['platinum-genomes-NA12878/PG_NA12878_chr21.vcf.gz', 'GRCh37'],
    ['pharmcat-preprocessor-tests/test.g.vcf.bgz', 'GRCh38'],
    ['pharmcat-preprocessor-tests/raw.vcf', 'GRCh38'],
    ['cyvcf2-tests/test-alt-repr.vcf', 'GRCh37'],
    ['htslib-tests/bcf-sr/merge.noidx.a.vcf', 'GRCh37'],
  ])('%s is %s', (rel, build) => {
    const d = fromFile(rel);
    expect(d.problem).toBeNull();
    expect(d.build).toBe(build);
    expect(d.evidence.length).toBeGreaterThan(0);
  });

  it('asks when the header names no build (Ensembl VEP example, no ##reference or ##contig)', () => {
    const d = fromFile('ensembl-vep/examples/homo_sapiens_GRCh38.vcf');
    expect(d.build).toBeNull();
    expect(d.problem).toMatch(/no ##reference or ##contig/);
  });

  it('refuses NCBI36 by name (cyvcf2 multi-contig.vcf.gz: ##reference=1000GenomesPilot-NCBI36)', () => {
    const d = fromFile('cyvcf2-tests/multi-contig.vcf.gz');
    expect(d.build).toBeNull();
    expect(d.problem).toMatch(/NCBI36/);
  });

  it('refuses a header that contradicts itself (GRCh38 contig lengths under ##reference=hg19)', () => {
    const lines = headerLines(path.join(VCF, 'platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz')).map((l) => (l.startsWith('##reference=') ? '##reference=hg19' : l));
    const d = detectBuild(buildInput(lines));
    expect(d.build).toBeNull();
    expect(d.problem).toMatch(/contradicts itself/);
  });

  it('reads GRCh37 and GRCh38 from contig lengths alone', () => {
    const strip = (rel: string) => headerLines(path.join(VCF, rel)).filter((l) => !l.startsWith('##reference'));
    expect(detectBuild(buildInput(strip('platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz'))).build).toBe('GRCh38');
    expect(detectBuild(buildInput(strip('platinum-genomes-NA12878/PG_NA12878_chr21.vcf.gz'))).build).toBe('GRCh37');
  });
});
