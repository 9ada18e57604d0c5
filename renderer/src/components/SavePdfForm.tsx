import type { FormEvent, ReactNode } from 'react';
import { PathField } from './PathField.tsx';

/** Why a typed report path cannot be saved to, or null when it can (it must be given, and end in .pdf). */
export function pdfPathProblem(file: string): string | null {
  const f = file.trim();
  if (!f) return 'Enter where to save the report, ending in .pdf';
  if (!/\.pdf$/i.test(f)) return 'The report file name must end in .pdf';
  return null;
}

/** "Save the report as" a PDF: the path (chosen or typed) and the button that saves it. */
export function SavePdfForm({
  id,
  testId,
  hint,
  file,
  error,
  busy,
  submitLabel,
  onFileChange,
  onSubmit,
  children,
}: {
  id: string;
  testId: string;
  hint: string;
  file: string;
  error?: string;
  busy: boolean;
  submitLabel: string;
  onFileChange: (file: string) => void;
  onSubmit: (e: FormEvent) => void;
  /** Shown above the field (an error summary, when the form has its own). */
  children?: ReactNode;
}) {
  return (
    <form noValidate onSubmit={onSubmit} data-testid={testId}>
      {children}
      <PathField id={id} label="Save the report as" hint={hint} value={file} error={error} disabled={busy} purpose="save-pdf" chooseLabel="Choose where…" onChange={onFileChange} />
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
