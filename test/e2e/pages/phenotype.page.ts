import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** The phenotype section and "Which diseases and genes fit?" on the Diagnosis tab. */
export class PhenotypePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  section() {
    return this.page.getByTestId('ph-section');
  }
  async search(query: string) {
    await this.page.getByLabel('Find an HPO term').fill(query);
  }
  results() {
    return this.page.getByTestId('ph-result');
  }
  /** Types `query`, waits for the term labelled `label` and adds it as present or absent. */
  async addTerm(query: string, label: string, excluded = false) {
    await this.search(query);
    const row = this.results().filter({ has: this.page.locator('strong', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    await expect(row.first()).toBeVisible();
    await row.first().getByRole('button', { name: excluded ? `Add ${label} as looked for and absent` : `Add ${label} as present` }).click();
  }
  terms() {
    return this.page.getByTestId('ph-term');
  }
  term(id: string) {
    return this.page.locator(`[data-testid="ph-term"][data-term="${id}"]`);
  }
  async save() {
    await this.page.getByTestId('ph-save').click();
    await expect(this.page.getByTestId('ph-message')).toContainText('Phenotype saved');
  }
  async rank() {
    await this.page.getByTestId('ph-rank').click();
    await expect(this.page.getByTestId('ph-genes')).toBeVisible({ timeout: 30_000 });
  }
  async prioritise() {
    await this.page.getByTestId('ph-prioritise').click();
    await expect(this.page.getByTestId('ph-combined-genes')).toBeVisible({ timeout: 60_000 });
  }
}
