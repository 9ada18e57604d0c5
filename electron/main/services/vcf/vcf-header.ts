// The VCF header: checked line by line (so a problem names its line and column), then handed to
// @gmod/vcf, whose parser holds the field definitions (Number/Type of INFO and FORMAT keys) and samples.
import VCFParser from '@gmod/vcf';
import { AppError } from '../../../../shared/errors.ts';
import type { HeaderBuildInput } from './detect-build.ts';

export const FIXED_COLUMNS = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'] as const;

/** What the main thread needs to know about a header (plain data: it crosses the worker boundary). */
export interface HeaderInfo {
  vcfVersion: string;
  samples: string[];
  /** The header lines, verbatim, joined with '\n'. */
  text: string;
  /** Line number of the #CHROM line (1-based). */
  lineCount: number;
  build: HeaderBuildInput;
}

export interface ParsedHeader {
  info: HeaderInfo;
  parser: VCFParser;
  /** The meta (##) lines, for building a parser over a subset of the sample columns. */
  metaLines: string[];
}

const FILEFORMAT = /^##fileformat=VCFv(4\.\d)\s*$/;
// @gmod/vcf's metadata-line rule; lines it cannot read (`##foo` with no `=`) carry no field definitions,
// and htslib skips them with a warning, so they are kept in the stored header but not parsed.
const META = /^##(.+?)=(.*)/;

/** Collects header lines as they stream in; `finish` validates the #CHROM line and builds the parser. */
export class HeaderReader {
  readonly file: string;
  private readonly lines: string[] = [];
  private readonly parseable: string[] = [];
  private version: string | null = null;

  constructor(file: string) {
    this.file = file;
  }

  /** A `##` line. Line 1 must be the ##fileformat line. */
  addMeta(line: string, lineNo: number): void {
    if (lineNo === 1) {
      const m = FILEFORMAT.exec(line);
      if (!m) throw this.firstLineError(line);
      this.version = m[1];
    }
    this.lines.push(line);
    if (META.test(line.trim())) this.parseable.push(line);
  }

  firstLineError(found: string): AppError {
    return headerError(this.file, 1, 1, 'a first line "##fileformat=VCFv4.x" (VCF 4.0 to 4.5)', found);
  }

  /** Validates the #CHROM line and builds the @gmod/vcf parser over the whole header. */
  finish(chromLine: string, lineNo: number): ParsedHeader {
    if (this.version === null) throw this.firstLineError(chromLine);
    const cols = chromLine.split('\t');
    for (let i = 0; i < FIXED_COLUMNS.length; i++) {
      if (cols[i] !== FIXED_COLUMNS[i]) {
        throw headerError(this.file, lineNo, i + 1, `column ${i + 1} of the #CHROM line to be "${FIXED_COLUMNS[i]}" (tab-separated)`, cols[i] ?? '(end of line)');
      }
    }
    const samples = cols.slice(9);
    if (cols.length > 8 && cols[8] !== 'FORMAT') {
      throw headerError(this.file, lineNo, 9, 'column 9 of the #CHROM line to be "FORMAT"', cols[8]);
    }
    const seen = new Set<string>();
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      if (s.trim() === '') {
        throw headerError(this.file, lineNo, 10 + i, 'a sample name (is there a stray tab at the end of the #CHROM line?)', s);
      }
      if (seen.has(s)) throw headerError(this.file, lineNo, 10 + i, 'a sample name not used by an earlier column', s);
      seen.add(s);
    }
    this.lines.push(chromLine);
    const metaLines = this.parseable;
    let parser: VCFParser;
    try {
      parser = new VCFParser({ header: [...metaLines, chromLine].join('\n') });
    } catch (err) {
      throw headerError(this.file, lineNo, 1, 'a header @gmod/vcf can read', (err as Error).message.split('\n')[0]);
    }
    const contigSection = parser.getMetadata('contig');
    const contigs: HeaderBuildInput['contigs'] = [];
    if (contigSection && typeof contigSection === 'object') {
      for (const [id, def] of Object.entries(contigSection as Record<string, Record<string, unknown>>)) {
        const len = def && typeof def === 'object' ? Number(def.length) : NaN;
        const assembly = def && typeof def === 'object' && typeof def.assembly === 'string' ? def.assembly : null;
        contigs.push({ id, length: Number.isFinite(len) && len > 0 ? len : null, assembly });
      }
    }
    const str = (key: string): string | null => {
      const v = parser.getMetadata(key);
      return typeof v === 'string' ? v : null;
    };
    return {
      info: {
        vcfVersion: this.version,
        samples,
        text: this.lines.join('\n'),
        lineCount: lineNo,
        build: { reference: str('reference'), assembly: str('assembly'), contigs },
      },
      parser,
      metaLines,
    };
  }
}

export function headerError(file: string, line: number, column: number, expected: string, found: string): AppError {
  const shown = found.length > 60 ? `${found.slice(0, 60)}…` : found;
  return new AppError(
    'vcf/bad-header',
    `${displayName(file)} line ${line}, column ${column}: expected ${expected}, found "${shown}".`,
    { file, line, column, expected, found: shown },
  );
}

export function displayName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}
