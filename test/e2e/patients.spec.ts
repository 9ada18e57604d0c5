import { test, expect } from './fixtures.ts';
import { PatientListPage } from './pages/patient-list.page.ts';
import { PatientFormPage } from './pages/patient-form.page.ts';
import { PatientPage } from './pages/patient.page.ts';

test('a counsellor registers a patient, finds them by name, NHS number and birth date, corrects a detail and sees the history', async ({ app }) => {
  const { page } = app;
  const list = new PatientListPage(page);
  const form = new PatientFormPage(page);
  const patient = new PatientPage(page);

  await expect(list.heading()).toBeVisible();
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await list.register();

  // Every rejection is shown in the summary and next to its field.
  await form.fill({ nhsNumber: '943 476 5918', familyName: '', givenName: 'Zoë', birthDate: '2999-01-01' });
  await form.submit();
  await expect(form.errorSummary()).toContainText('There is a problem');
  await expect(form.fieldError('nhs-number')).toContainText('NHS number is not valid');
  await expect(form.fieldError('family-name')).toContainText("Enter the patient's family name");
  await expect(form.fieldError('birth-date')).toContainText('today or in the past');
  await app.screenshot('patients-form-errors');

  await form.fill({ nhsNumber: '943 476 5919', familyName: 'Brontë', givenName: 'Zoë', birthDate: '1985-03-27', sex: 'Female' });
  await form.submit();
  await expect(patient.name()).toHaveText('Zoë BRONTË');
  await expect(patient.demographics()).toContainText('943 476 5919');

  // A second patient with the same NHS number is refused next to the field.
  await patient.backToList();
  await list.register();
  await form.fill({ nhsNumber: '9434765919', familyName: 'Other', givenName: 'Person', birthDate: '1990-01-01' });
  await form.submit();
  await expect(form.fieldError('nhs-number')).toContainText('already registered');
  await page.getByRole('link', { name: 'Back' }).click();

  for (const query of ['bronte', 'ZOE', '943 476 5919', '27/03/1985', '1985-03-27', 'zo bro']) {
    await list.search(query);
    await expect(list.count()).toHaveText('1 patient');
    await expect(list.rows()).toHaveCount(1);
  }
  await list.search('nobody');
  await expect(list.count()).toHaveText('0 patients');
  await list.search('Bront');
  await app.screenshot('patients-list-search');

  await list.open('BRONTË, Zoë');
  await patient.changeDetails();
  await form.fill({ familyName: 'Brontë-Smith' });
  await form.submit();
  await expect(patient.name()).toHaveText('Zoë BRONTË-SMITH');
  await expect(patient.history()).toHaveCount(2);
  await expect(patient.history().first()).toContainText('Family name: Brontë → Brontë-Smith');
  await app.screenshot('patient-page-history');
});
