// The diagnostic report shows the recorded family (members, relation, sex, affected) and each reported
// variant's segregation, in the content and in the PDF text (pdftotext).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyVariant } from '../../../electron/main/services/diagnosis/acmg-classifier.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { buildDiagnosticReportContent } from '../../../electron/main/services/diagnosis/report-content.ts';
import { writeDiagnosticReportPdf } from '../../../electron/main/services/diagnosis/report-pdf.ts';
import { RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const tmp = makeTempDir('genodesk-family-report-');
afterAll(() => tmp.cleanup());
const panels = loadPanelPack(path.join(RESOURCES, 'panels')).library.resolve([{ id: '1141', version: '2.7' }]);

describe('report with a family', () => {
  it('lists the family and says where the variant came from', async () => {
    const content = buildDiagnosticReportContent({
      reportId: 'GD-2026-0099',
      issuedAt: '2026-12-07T10:00:00Z',
      laboratory: 'GenoDesk demo laboratory (test data)',
      patient: { id: 'p1', nhsNumber: '9434765919', name: 'Son Ashkenazi', birthDate: '2000-01-01', sex: 'male' },
      referral: { clinicalIndication: 'Developmental delay' },
      build: 'GRCh37',
      panels,
      variants: [
        {
          key: 'chr1-155036260-C-T', chrom: 'chr1', pos: 155036260, ref: 'C', alt: 'T', gene: 'EFNA3', transcript: null, hgvsc: null, hgvsp: null, terms: ['missense_variant'],
          zygosity: 'heterozygous', classification: classifyVariant([{ code: 'PS2', strength: 'strong' }, { code: 'PM2', strength: 'supporting' }]), tier: 2,
          segregation: 'de novo (parents tested, every quality check passed)',
        },
      ],
      secondaryFindings: { status: 'not-consented' },
      family: [
        { name: 'Ashkenazi, Son', relation: 'proband', sex: 'male', affected: 'affected' },
        { name: 'Ashkenazi, Mother', relation: 'mother', sex: 'female', affected: 'unaffected' },
        { name: 'Ashkenazi, Father', relation: 'father', sex: 'male', affected: 'unaffected' },
      ],
    });
    expect(content.family).toHaveLength(3);
    expect(content.variants[0].segregation).toContain('de novo');
    const pdf = path.join(tmp.dir, 'family-report.pdf');
    await writeDiagnosticReportPdf(content, pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of ['Family', 'Ashkenazi, Mother', 'mother', 'unaffected', 'Segregation in the family: de novo']) expect(text).toContain(s);
  });
});
