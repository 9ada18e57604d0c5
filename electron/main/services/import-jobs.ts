// Imports started from the UI run in the background of the main process: each has the id the renderer
// gave it, reports progress as events, and can be cancelled by that id from another request.
import type { ImportRecord, ImportRequest } from '../../../shared/schemas/vcf.ts';
import type { ImportProgress } from '../../../shared/schemas/vcf.ts';
import type { ImportService } from './vcf/import-service.ts';

export interface ImportJobs {
  run(requestId: string, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<{ import: ImportRecord }>;
  cancel(requestId: string): boolean;
}

export function createImportJobs(imports: ImportService): ImportJobs {
  const running = new Map<string, AbortController>();
  return {
    async run(requestId, request, onProgress) {
      const controller = new AbortController();
      running.set(requestId, controller);
      try {
        const record = await imports.importVcf(request, { onProgress, signal: controller.signal });
        return { import: record };
      } finally {
        running.delete(requestId);
      }
    },
    cancel(requestId) {
      const controller = running.get(requestId);
      controller?.abort();
      return controller !== undefined;
    },
  };
}
