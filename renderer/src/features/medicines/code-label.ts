// How a medicine's code reads on screen: "SNOMED CT 387494007" for the SNOMED CT system (dm+d codes are in the
// same system), otherwise the code as stored ("system|code").
const SNOMED_CT = 'http://snomed.info/sct|';

export function codeLabel(code: string): string {
  return code.startsWith(SNOMED_CT) ? `SNOMED CT ${code.slice(SNOMED_CT.length)}` : code;
}
