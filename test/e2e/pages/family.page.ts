import type { Page } from '@playwright/test';

export class FamilyTabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.getByRole('tab', { name: 'Family' }).click();
  }
  tab() {
    return this.page.getByTestId('family-tab');
  }
  none() {
    return this.page.getByTestId('family-none');
  }
  async openEditor() {
    await this.page.getByTestId('family-edit').locator('summary').click();
  }
  async record(values: { mother?: string; father?: string; siblings?: string; affected?: string; pedigreeNumber?: string }) {
    if (values.mother !== undefined) await this.page.getByLabel("Mother's NHS number").fill(values.mother);
    if (values.father !== undefined) await this.page.getByLabel("Father's NHS number").fill(values.father);
    if (values.siblings !== undefined) await this.page.getByLabel("Siblings' NHS numbers").fill(values.siblings);
    if (values.affected !== undefined) await this.page.getByLabel("Affected members' NHS numbers").fill(values.affected);
    if (values.pedigreeNumber !== undefined) await this.page.getByLabel('Pedigree number (optional)').fill(values.pedigreeNumber);
    await this.page.getByTestId('family-save').click();
  }
  editorError() {
    return this.page.getByTestId('family-editor-error');
  }
  async importPed(file: string, map = '') {
    await this.page.getByLabel('PED file').fill(file);
    await this.page.getByLabel('Sample to patient (optional)').fill(map);
    await this.page.getByTestId('family-ped-import').click();
  }
  pedError() {
    return this.page.getByTestId('family-ped-error');
  }
  pedigree() {
    return this.page.getByTestId('pedigree');
  }
  member(relation: string) {
    return this.page.getByTestId(`pedigree-member-${relation}`);
  }
  probandArrow() {
    return this.page.getByTestId('pedigree-proband-arrow');
  }
  pedigreeNumber() {
    return this.page.getByTestId('pedigree-number');
  }
  qc() {
    return this.page.getByTestId('family-qc');
  }
  counts() {
    return this.page.getByTestId('family-segregation-counts');
  }
  deNovo() {
    return this.page.getByTestId('family-de-novo');
  }
}
