/** The API versions the local org serves and their Salesforce release names. */
/** `GET /services/data/`: every version from `min` to `max`, labelled as Salesforce labels it. */
export function versions(min: number, max: number): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = min; v <= max; v++)
    out.push({ label: releaseName(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

/**
 * Salesforce's release name for an API version, as `GET /services/data/` labels it ("Versions", REST API Developer
 * Guide): three releases a year, Winter '15 = 32.0, Spring '15 = 33.0, Summer '15 = 34.0, … Winter '25 = 62.0.
 */
export function releaseName(version: number): string {
  const sinceWinter15 = version - 32;
  const season = ['Winter', 'Spring', 'Summer'][((sinceWinter15 % 3) + 3) % 3];
  const year = 15 + Math.floor(sinceWinter15 / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}
