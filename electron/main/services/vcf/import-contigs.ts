// Contig codes for one import when several workers parse it. Each worker numbers the non-primary contigs
// it meets itself (chrom-codes.ts: FIRST_OTHER_CONTIG_CODE and up), so worker 0's code 100 and worker 1's
// code 100 can be different contigs. The writer sees batches in file order and gives each contig name
// the import's code on first sight - the code a single worker reading the whole file would have given.
import type { ParseBatch } from './batch.ts';
import { FIRST_OTHER_CONTIG_CODE } from './chrom-codes.ts';

export class ImportContigs {
  private readonly byName = new Map<string, number>();
  private readonly perWorker: Map<number, number>[];
  private nextOther = FIRST_OTHER_CONTIG_CODE;

  constructor(workers: number) {
    this.perWorker = Array.from({ length: workers }, () => new Map());
  }

  /** Rewrites the batch's contig codes to the import's, in place; `batch.contigs` keeps only names new to the import. */
  adopt(batch: ParseBatch, worker: number): void {
    const map = this.perWorker[worker];
    const fresh: ParseBatch['contigs'] = [];
    for (const c of batch.contigs) {
      let code = this.byName.get(c.name);
      if (code === undefined) {
        code = c.code < FIRST_OTHER_CONTIG_CODE ? c.code : this.nextOther++;
        this.byName.set(c.name, code);
        fresh.push({ ...c, code });
      }
      map.set(c.code, code);
    }
    batch.contigs = fresh;
    for (const chunk of batch.chunks) chunk.chrom = this.code(map, chunk.chrom);
    const chrom = batch.blocks.chrom;
    for (let i = 0; i < batch.blocks.count; i++) chrom[i] = this.code(map, chrom[i]);
  }

  private code(map: Map<number, number>, workerCode: number): number {
    const code = map.get(workerCode);
    if (code === undefined) throw new Error(`contig code ${workerCode} used before it was defined`);
    return code;
  }
}
