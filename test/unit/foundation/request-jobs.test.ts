import { describe, expect, it } from 'vitest';
import { createRequestJobs } from '../../../electron/main/services/request-jobs.ts';

describe('request jobs: one list of long work with progress and Cancel', () => {
  it('lists a running job with its label, patient and latest progress; cancel aborts it and it leaves the list', async () => {
    const jobs = createRequestJobs('import', () => new Date('2026-06-01T10:00:00Z'));
    let aborted = false;
    const running = jobs.run(
      'request-0001',
      (signal) =>
        new Promise<string>((resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('cancelled'));
          });
        }),
      { label: 'Importing a.vcf.gz', patientId: 'p1' },
    );
    expect(jobs.list()).toEqual([
      { requestId: 'request-0001', kind: 'import', label: 'Importing a.vcf.gz', patientId: 'p1', startedAt: '2026-06-01T10:00:00.000Z', fraction: null, detail: null },
    ]);
    jobs.report('request-0001', 1.7, 'reading: 10 records');
    expect(jobs.list()[0]).toMatchObject({ fraction: 1, detail: 'reading: 10 records' });
    jobs.report('unknown-request', 0.5, 'ignored');
    expect(jobs.cancel('request-0001')).toBe(true);
    await expect(running).rejects.toThrow('cancelled');
    expect(aborted).toBe(true);
    expect(jobs.list()).toEqual([]);
    expect(jobs.cancel('request-0001')).toBe(false);
  });
});
