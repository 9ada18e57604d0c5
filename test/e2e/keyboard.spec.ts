import { test, expect } from './fixtures.ts';
import { WorklistPage } from './pages/worklist.page.ts';
import { createPatients } from './helpers/seed.ts';
import { expectVisibleFocus, tabTo } from './helpers/focus.ts';

test('keyboard only: worklist → patient → every tab → back to the worklist, with focus visible at every stop', async ({ app }) => {
  const { page } = app;
  const worklist = new WorklistPage(page);
  await createPatients(page, [{ nhsNumber: '943 476 5919', familyName: 'Keys', givenName: 'Kim', birthDate: '1980-08-08', sex: 'female' }]);
  await worklist.show();
  await expect(worklist.rows()).toHaveCount(1);
  await page.locator('body').click({ position: { x: 1, y: 1 } });

  // Filters and sort are reachable and usable from the keyboard.
  await tabTo(page, (s) => s.element.startsWith('input#patient-search'));
  await page.keyboard.type('keys');
  await expect(worklist.count()).toHaveText('1 patient');
  await tabTo(page, (s) => s.element.startsWith('button') && s.element.includes('Name'));
  await page.keyboard.press('Enter');
  await expect(page.locator('th[aria-sort=ascending]')).toContainText('Name');

  // Into the patient.
  await tabTo(page, (s) => s.element.includes('KEYS, Kim'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('patient-name')).toHaveText('Kim KEYS');

  // The tab list: Tab reaches the selected tab; arrow keys move through every tab, each showing its panel.
  await tabTo(page, (s) => s.element.includes('tab-link-overview'));
  const tabs = ['Details', 'Medicines', 'Sequencing', 'Pharmacogenomics', 'Diagnosis', 'Family', 'Overview'];
  for (const name of tabs) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name, selected: true })).toBeFocused();
    await expectVisibleFocus(page);
    await expect(page.getByRole('tabpanel')).toBeVisible();
  }
  await app.screenshot('keyboard-overview');

  // Back to the worklist from the keyboard: Shift+Tab goes back up the page to the "Worklist" back link.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Shift+Tab');
    const s = await expectVisibleFocus(page);
    if (s.element.includes('"Worklist"') && !s.element.includes('nav-')) break;
  }
  await page.keyboard.press('Enter');
  await expect(worklist.heading()).toBeVisible();
});
