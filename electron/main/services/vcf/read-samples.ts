// The sample columns of a VCF, read from its header alone, so the UI can ask which sample is this patient
// before importing. Async I/O on the main thread is fine here: only the header is inflated.
import { emptyError, identifyVcfFile, readLines } from './vcf-file.ts';
import { HeaderReader, headerError } from './vcf-header.ts';

export async function readSamples(file: string): Promise<{ file: string; samples: string[] }> {
  const kind = await identifyVcfFile(file);
  const reader = new HeaderReader(file);
  let last = 0;
  for await (const chunk of readLines(file, kind.container)) {
    for (let i = 0; i < chunk.lines.length; i++) {
      const line = chunk.lines[i];
      const lineNo = chunk.firstLine + i;
      last = lineNo;
      if (line.startsWith('##')) reader.addMeta(line, lineNo);
      else if (line.startsWith('#') && lineNo > 1) return { file, samples: reader.finish(line, lineNo).info.samples };
      else if (lineNo === 1) throw reader.firstLineError(line);
      else if (line.trim() !== '') throw headerError(file, lineNo, 1, 'a "#CHROM" header line before the first record', line);
    }
  }
  if (last === 0) throw emptyError(file);
  throw headerError(file, last + 1, 1, 'a "#CHROM" header line', '(end of file)');
}
