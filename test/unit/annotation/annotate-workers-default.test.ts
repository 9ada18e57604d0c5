// How many annotate workers a run uses when the caller does not say (annotation-service.ts): one on a
// laptop-sized machine, where the 500 MB memory target wins; two on a workstation (docs/annotation-scale.md).
import { describe, expect, it } from 'vitest';
import { defaultAnnotateWorkers } from '../../../electron/main/services/annotation-store/annotation-service.ts';

const GB = 1024 ** 3;

describe('default annotate workers', () => {
  it('is one on a 2-core machine, whatever its memory, and on a 4-core 8 GB laptop', () => {
    expect(defaultAnnotateWorkers({ cores: 2, memoryBytes: 24 * GB })).toBe(1);
    expect(defaultAnnotateWorkers({ cores: 4, memoryBytes: 8 * GB })).toBe(1);
  });

  it('is two with at least 4 cores and 16 GB', () => {
    expect(defaultAnnotateWorkers({ cores: 4, memoryBytes: 16 * GB })).toBe(2);
    expect(defaultAnnotateWorkers({ cores: 16, memoryBytes: 64 * GB })).toBe(2);
  });
});
