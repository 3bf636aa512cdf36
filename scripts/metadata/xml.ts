import { XMLParser } from 'fast-xml-parser';

/** Tags that may repeat inside one metadata file; always parsed as arrays so callers never branch on shape. */
const REPEATED_TAGS = new Set([
  'value',
  'columns',
  'filters',
  'tabs',
  'formFactors',
  'fieldPermissions',
  'objectPermissions',
  'tabSettings',
  'applicationVisibilities',
  'recordTypeVisibilities',
  'userPermissions',
  'target',
  'targetConfig',
  'objects',
  'actionOverrides',
  'profileActionOverrides',
  'flexiPageRegions',
  'itemInstances',
  'componentInstanceProperties',
  'layoutSections',
  'layoutColumns',
  'layoutItems',
  'relatedLists',
  'fields',
  'excludeButtons',
  'platformActionListItems',
  'quickActionListItems',
  'labels',
]);

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (tagName) => REPEATED_TAGS.has(tagName),
});

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[] | undefined;

export class MetadataParseError extends Error {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'MetadataParseError';
    this.file = file;
  }
}

/** Parses a metadata file and returns its root element (for example the <CustomField> node). */
export function parseMetadataXml(text: string, file: string, rootTag: string): XmlNode {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (error) {
    throw new MetadataParseError(file, `not well-formed XML (${(error as Error).message})`);
  }
  const root = doc[rootTag];
  if (root === undefined) throw new MetadataParseError(file, `expected a <${rootTag}> root element`);
  return (typeof root === 'object' && root !== null ? root : {}) as XmlNode;
}

export function text(node: XmlNode | undefined, tag: string): string | undefined {
  const value = node?.[tag];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : undefined;
}

export function bool(node: XmlNode | undefined, tag: string): boolean {
  return text(node, tag) === 'true';
}

export function int(node: XmlNode | undefined, tag: string): number | undefined {
  const raw = text(node, tag);
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : Number.NaN;
}

export function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  const value = node?.[tag];
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  const value = node?.[tag];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : {}));
}

export function texts(node: XmlNode | undefined, tag: string): string[] {
  const value = node?.[tag];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}
