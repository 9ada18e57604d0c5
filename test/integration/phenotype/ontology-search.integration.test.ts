// Term search at full size: every current term of the bundled HPO 2026-02-16 (~19,400 terms, ~80,000 names),
// each keystroke of a typed query within the 20 ms budget (issue 13), and ids old and new resolving.
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../helpers/paths.ts';
import { createPhenotypeService } from '../../../electron/main/services/phenotype/phenotype-service.ts';

const phenotype = createPhenotypeService({ resourcesDir: RESOURCES });

describe('HPO term search over the bundled release', () => {
  it('answers each keystroke within 20 ms', () => {
    phenotype.searchTerms('warm-up', 1);
    for (const typed of ['seizure', 'café au lait', 'HP:0001250', 'microceph']) {
      for (let n = 1; n <= typed.length; n++) {
        const q = typed.slice(0, n);
        // Best of five, in wall time and in this process's CPU time: the machine is shared (CI runs test files
        // in parallel), and time spent descheduled is not the search's cost; the work itself must fit in 20 ms.
        let bestWall = Infinity;
        let bestCpu = Infinity;
        for (let k = 0; k < 5; k++) {
          const cpu = process.cpuUsage();
          const t = performance.now();
          phenotype.searchTerms(q, 20);
          bestWall = Math.min(bestWall, performance.now() - t);
          const used = process.cpuUsage(cpu);
          bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
        }
        expect(Math.min(bestWall, bestCpu), `"${q}": best wall ${bestWall.toFixed(1)} ms, best CPU ${bestCpu.toFixed(1)} ms`).toBeLessThan(20);
      }
    }
  });

  it('finds by label, synonym, id, accents and case folded', () => {
    expect(phenotype.searchTerms('seiz', 5).terms[0].id).toBe('HP:0001250');
    expect(phenotype.searchTerms('epileptic seiz', 5).terms.map((t) => t.id)).toContain('HP:0001250');
    expect(phenotype.searchTerms('CAFÉ-AU-LAIT', 5).terms[0].id).toBe('HP:0000957');
    expect(phenotype.searchTerms('HP:0000516', 5).terms[0].id).toBe('HP:0000505');
    expect(phenotype.resolveTerms(['HP:0000516'])[0]).toMatchObject({ status: 'alternative', term: { id: 'HP:0000505' } });
  });
});
