import { Fragment, useCallback, useEffect, useState } from 'react';
import type { ImportRecord } from '../../../../shared/schemas/vcf.ts';
import { call } from '../../lib/ipc-client.ts';
import { ImportForm } from './ImportForm.tsx';
import { ImportList } from './ImportList.tsx';
import { VariantBrowser } from './VariantBrowser.tsx';
import { AnnotationPanel } from '../annotation/AnnotationPanel.tsx';

export function SequencingTab({ patientId }: { patientId: string }) {
  const [imports, setImports] = useState<ImportRecord[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const reload = useCallback(() => {
    void call('imports:list', { patientId }).then((r) => setImports(r.imports));
  }, [patientId]);
  useEffect(reload, [reload]);

  const work = (
    <>
        <ImportForm
          patientId={patientId}
          onImported={(record, duplicate) => {
            setNotice(
              duplicate
                ? `${record.fileName} (sample ${record.sample ?? 'none'}) was already imported for this patient on ${new Date(record.importedAt).toLocaleDateString('en-GB')}. Nothing was added.`
                : `Imported ${record.fileName}: ${record.records.toLocaleString('en-GB')} records, ${record.alleles.toLocaleString('en-GB')} alleles.`,
            );
            reload();
            setRefreshKey((k) => k + 1);
          }}
        />
        <AnnotationPanel patientId={patientId} refreshKey={refreshKey} onAnnotated={() => setRefreshKey((k) => k + 1)} />
    </>
  );
  // The variants before the list of files they came from: at 1366 × 768 the files' table pushed the first
  // variant below the first screen.
  const results = (
    <>
        {imports.length > 0 && <VariantBrowser patientId={patientId} refreshKey={refreshKey} />}
        <ImportList imports={imports} />
    </>
  );

  return (
    <>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="import-notice">
          <p>{notice}</p>
        </div>
      )}
      {/* Results first once there is something imported (issue 17): the variant browser and the files, then the
          annotation run and the form to import another file. Keyed, so reordering keeps the import form's progress. */}
      {(imports.length > 0 ? (['results', 'work'] as const) : (['work', 'results'] as const)).map((part) => (
        <Fragment key={part}>{part === 'results' ? results : work}</Fragment>
      ))}
    </>
  );
}
