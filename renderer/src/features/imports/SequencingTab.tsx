import { useCallback, useEffect, useState } from 'react';
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

  return (
    <>
      {notice && (
        <div className="nhsuk-inset-text" role="status" data-testid="import-notice">
          <p>{notice}</p>
        </div>
      )}
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
      <ImportList imports={imports} />
      <AnnotationPanel patientId={patientId} refreshKey={refreshKey} onAnnotated={() => setRefreshKey((k) => k + 1)} />
      {imports.length > 0 && <VariantBrowser patientId={patientId} refreshKey={refreshKey} />}
    </>
  );
}
