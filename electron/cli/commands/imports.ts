import { AppError } from '../../../shared/errors.ts';
import { GENOME_BUILDS, VARIANT_PAGE_MAX } from '../../../shared/vcf-constants.ts';
import type { GenomeBuild, VariantRow } from '../../../shared/schemas/vcf.ts';
import { formatBytesForCli } from '../format.ts';
import type { Command } from '../command.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseBuild(raw: string | undefined): GenomeBuild | undefined {
  if (raw === undefined) return undefined;
  if (!(GENOME_BUILDS as readonly string[]).includes(raw)) {
    throw new AppError('cli/usage', `--build must be GRCh37 or GRCh38, not "${raw}".`, { option: 'build', value: raw });
  }
  return raw as GenomeBuild;
}

function parseCount(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new AppError('cli/usage', `--limit must be a whole number of 1 or more, not "${raw}".`, { option: 'limit', value: raw });
  return Number(raw);
}

export const importCommands: Command[] = [
  {
    words: ['import'],
    usage: 'genodesk import FILE --patient PATIENT [--sample NAME] [--build GRCh37|GRCh38] [--progress json]',
    options: { patient: { type: 'string' }, sample: { type: 'string' }, build: { type: 'string' } },
    positionals: { min: 1, max: 1, names: 'FILE' },
    async run({ values, positionals, app, progress, signal }) {
      const patientRef = str(values.patient);
      if (!patientRef) throw new AppError('cli/missing-argument', 'import needs --patient PATIENT (id or NHS number).', { option: 'patient' });
      const build = parseBuild(str(values.build));
      const genodesk = await app();
      const patient = genodesk.patients.resolve(patientRef);
      const record = await genodesk.imports.importVcf(
        { file: positionals[0], patientId: patient.id, sample: str(values.sample), build },
        {
          signal,
          onProgress: (p) =>
            progress({
              ...p,
              message:
                p.phase === 'hashing'
                  ? `checking ${formatBytesForCli(p.bytes)} of ${formatBytesForCli(p.totalBytes)}`
                  : `${formatBytesForCli(p.bytes)} of ${formatBytesForCli(p.totalBytes)} · ${p.records.toLocaleString('en-GB')} records · ${Math.round(p.recordsPerSecond).toLocaleString('en-GB')} records/s${p.etaSeconds !== null ? ` · ${Math.ceil(p.etaSeconds)} s left` : ''}`,
            }),
        },
      );
      return { import: record };
    },
  },
  {
    words: ['imports', 'list'],
    usage: 'genodesk imports list [--patient PATIENT]',
    options: { patient: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const genodesk = await app();
      const ref = str(values.patient);
      const patientId = ref ? genodesk.patients.resolve(ref).id : undefined;
      return { imports: genodesk.imports.listImports({ patientId }) };
    },
  },
  {
    words: ['variants'],
    usage: 'genodesk variants --patient PATIENT [--gene SYMBOL] [--region CHR:START-END] [--limit N]',
    options: { patient: { type: 'string' }, gene: { type: 'string' }, region: { type: 'string' }, limit: { type: 'string' } },
    positionals: { min: 0, max: 0, names: '' },
    async run({ values, app }) {
      const ref = str(values.patient);
      if (!ref) throw new AppError('cli/missing-argument', 'variants needs --patient PATIENT (id or NHS number).', { option: 'patient' });
      const limit = parseCount(str(values.limit), 1000);
      const genodesk = await app();
      const patient = genodesk.patients.resolve(ref);
      // The service pages at most VARIANT_PAGE_MAX rows per query; a script may ask for more.
      const variants: VariantRow[] = [];
      let total = 0;
      for (let offset = 0; variants.length < limit; offset += VARIANT_PAGE_MAX) {
        const page = genodesk.imports.queryVariants({
          patientId: patient.id,
          gene: str(values.gene),
          region: str(values.region),
          offset,
          limit: Math.min(VARIANT_PAGE_MAX, limit - variants.length),
        });
        total = page.total;
        variants.push(...page.variants);
        if (page.variants.length === 0 || offset + VARIANT_PAGE_MAX >= total) break;
      }
      return { variants, total };
    },
  },
];
