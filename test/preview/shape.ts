/**
 * Holds a mock to the shape of a real answer: every path the mock has, the real answer has too, with the same
 * kind of value (object, array, string, number, boolean). Nulls match any kind: a field may be empty in one
 * record and set in another. Arrays compare element by element against the real answer's first element.
 */
export function shapeDifferences(mock: unknown, real: unknown, path = '$'): string[] {
  if (mock === null || real === null || mock === undefined) return [];
  if (real === undefined) return [`${path}: in the mock, missing from the real answer`];
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
  if (kind(mock) !== kind(real)) return [`${path}: ${kind(mock)} in the mock, ${kind(real)} in the real answer`];
  if (Array.isArray(mock)) {
    const sample = (real as unknown[]).find((r) => r !== null);
    if (sample === undefined) return [];
    return mock.flatMap((item, i) => shapeDifferences(item, sample, `${path}[${i}]`));
  }
  if (typeof mock === 'object') {
    return Object.entries(mock as Record<string, unknown>).flatMap(([key, value]) =>
      shapeDifferences(value, (real as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return [];
}

/** The `gql` query of a component's source (one per component in this package). */
export function componentQuery(source: string, file: string): string {
  const match = /gql`([\s\S]*?)`/.exec(source);
  if (!match) throw new Error(`${file} has no gql\`…\` query`);
  return match[1]!;
}
