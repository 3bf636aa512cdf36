/**
 * SOQL string literals. Values reach queries from usernames, sfdx-project.json and the state store; quoted here,
 * a quote or backslash in one can neither break the query nor change what it selects.
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A value as a quoted SOQL string literal, with the escape sequences SOQL defines. */
export function soqlQuote(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c]!)}'`;
}

/** `('a', 'b')` for an `IN` clause. */
export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlQuote).join(', ')})`;
}
