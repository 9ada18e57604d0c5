// The Sequence Ontology term table lives in shared/ (pure data) so the renderer's filters use the same list.
export * from '../../../../../shared/so-terms.ts';
