import { findField, findObject } from '../index.ts';
import type { LwcBundleDef, PackageSchema } from '../types.ts';
import type { Problem } from './problem.ts';
import { checkGraphqlQuery } from './graphql.ts';
import { readUiSources, type ComponentSource, type FlexiPageDef, type UiSources } from './lwc-sources.ts';
import { STANDARD_CUSTOM_OBJECT_FIELDS, STANDARD_OBJECT_FIELDS, STANDARD_RELATIONSHIPS } from './standard.ts';

/**
 * Rules on Lightning web components and the pages that place them: what a component imports
 * (labels, schema references, GraphQL names) must exist, and a page may only place a component
 * that exists and is exposed for that kind of page. (Tabs naming components: access.ts.)
 */

/** The js-meta.xml target a component needs to be placed on each kind of Lightning page. */
const PAGE_TARGETS: Record<string, string> = {
  RecordPage: 'lightning__RecordPage',
  AppPage: 'lightning__AppPage',
  HomePage: 'lightning__HomePage',
  UtilityBar: 'lightning__UtilityBar',
};

export function checkLwc(schema: PackageSchema, sources: UiSources = readUiSources(schema)): Problem[] {
  return [
    ...sources.components.flatMap((source) => [
      ...checkLabelImports(schema, sources, source),
      ...checkSchemaImports(schema, source),
      ...checkGraphqlQueries(schema, source),
    ]),
    ...sources.flexiPages.flatMap((page) => checkFlexiPage(schema, page)),
    ...checkAppPageOverrides(sources),
  ];
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

function importsOf(source: ComponentSource, scope: 'label' | 'schema') {
  if (!source.file.endsWith('.js')) return [];
  const pattern = new RegExp(`from\\s+['"]@salesforce/${scope}/([^'"]+)['"]`, 'g');
  return [...source.text.matchAll(pattern)].map((m) => ({ name: m[1], line: lineOf(source.text, m.index ?? 0) }));
}

function checkLabelImports(schema: PackageSchema, sources: UiSources, source: ComponentSource): Problem[] {
  return importsOf(source, 'label').flatMap(({ name, line }) => {
    const [namespace, label] = name.split('.');
    const ours = namespace === 'c' || namespace === schema.namespace;
    if (!ours || sources.labels.has(label)) return [];
    return [
      {
        rule: 'lwc-label',
        file: source.file,
        component: `${source.bundle}: ${name}`,
        message: `line ${line} imports custom label "${name}", which no CustomLabels file in the package declares`,
      },
    ];
  });
}

function checkSchemaImports(schema: PackageSchema, source: ComponentSource): Problem[] {
  return importsOf(source, 'schema').flatMap(({ name, line }) => {
    const unresolved = resolveSchemaReference(schema, name);
    return unresolved
      ? [
          {
            rule: 'lwc-schema',
            file: source.file,
            component: `${source.bundle}: ${name}`,
            message: `line ${line} imports @salesforce/schema/${name}, but ${unresolved}`,
          },
        ]
      : [];
  });
}

/** Follows `Object`, `Object.Field` or `Object.Rel__r.Field`; returns why it fails, or undefined. */
export function resolveSchemaReference(schema: PackageSchema, reference: string): string | undefined {
  const [objectName, ...path] = reference.split('.');
  let packaged = findObject(schema, objectName);
  let standardName: string | undefined = packaged ? undefined : objectName;
  if (!packaged && !(objectName in STANDARD_OBJECT_FIELDS))
    return `the package has no object ${objectName} (nor is it a known standard object)`;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (!packaged) {
      // Standard objects: only their last field is checked, against the short list the lint knows.
      const known = STANDARD_OBJECT_FIELDS[standardName ?? ''] ?? [];
      return !isLast || known.includes(segment) ? undefined : `${standardName} has no field ${segment}`;
    }
    if (isLast) {
      return findField(packaged, segment) || STANDARD_CUSTOM_OBJECT_FIELDS.includes(segment)
        ? undefined
        : `${packaged.name} has no field ${segment}`;
    }
    const lookup = segment.endsWith('__r') ? findField(packaged, segment.replace(/__r$/, '__c')) : undefined;
    const next = lookup?.referenceTo ?? STANDARD_RELATIONSHIPS[segment];
    if (!next) return `${packaged.name} has no relationship ${segment}`;
    packaged = findObject(schema, next);
    standardName = packaged ? undefined : next;
  }
  return undefined;
}

/** The component's gql`…` queries must pair their brackets and name what the package has, where it has it. */
function checkGraphqlQueries(schema: PackageSchema, source: ComponentSource): Problem[] {
  if (!source.file.endsWith('.js')) return [];
  const problems: Problem[] = [];
  for (const query of source.text.matchAll(/gql`([^`]*)`/g)) {
    const start = query.index ?? 0;
    const unbalanced = unbalancedBracket(query[1]);
    if (unbalanced) {
      problems.push({
        rule: 'lwc-graphql',
        file: source.file,
        component: source.bundle,
        message: `line ${lineOf(source.text, start)}: the GraphQL query has ${unbalanced}`,
      });
      continue;
    }
    for (const issue of checkGraphqlQuery(schema, query[1])) {
      problems.push({
        rule: 'lwc-graphql',
        file: source.file,
        component: `${source.bundle}: ${issue.name}`,
        message: `line ${lineOf(source.text, start + 4 + issue.offset)}: ${issue.message}`,
      });
    }
  }
  return problems;
}

/** A query whose braces or parentheses do not pair up fails to parse on the platform, not before. */
function unbalancedBracket(query: string): string | undefined {
  const closing: Record<string, string> = { '}': '{', ')': '(' };
  const open: string[] = [];
  for (const char of query.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/gm, '')) {
    if (char === '{' || char === '(') open.push(char);
    else if (char in closing && open.pop() !== closing[char]) return `an unmatched "${char}"`;
  }
  return open.length > 0 ? `${open.length} unclosed "${open[open.length - 1]}"` : undefined;
}

/** `metronomeBilling`, `c:metronomeBilling` or `NOME:metronomeBilling` name a package component; `force:…` does not. */
function packageComponentName(schema: PackageSchema, componentName: string): string | undefined {
  const [prefix, name] = componentName.includes(':') ? componentName.split(':') : [undefined, componentName];
  if (prefix === undefined || prefix === 'c' || prefix === schema.namespace) return name;
  return undefined;
}

function checkFlexiPage(schema: PackageSchema, page: FlexiPageDef): Problem[] {
  const at = (component: string, message: string): Problem => ({
    rule: 'flexipage',
    file: page.file,
    component: `${page.name}: ${component}`,
    message,
  });
  const problems: Problem[] = [];
  if (page.type === 'RecordPage' && !page.sobjectType)
    problems.push(at('sobjectType', 'a record page needs an <sobjectType>'));
  if (page.sobjectType && !findObject(schema, page.sobjectType) && !(page.sobjectType in STANDARD_OBJECT_FIELDS)) {
    problems.push(
      at(
        page.sobjectType,
        `the page is for object "${page.sobjectType}", which is neither in the package nor a known standard object`,
      ),
    );
  }
  for (const componentName of page.components) {
    const name = packageComponentName(schema, componentName);
    if (!name) continue;
    const bundle = schema.lwc.find((b) => b.name === name);
    if (!bundle) {
      problems.push(at(componentName, `places Lightning web component "${name}", which the package does not have`));
      continue;
    }
    problems.push(...checkPlacement(page, bundle).map((m) => at(componentName, m)));
  }
  return problems;
}

function checkPlacement(page: FlexiPageDef, bundle: LwcBundleDef): string[] {
  const target = PAGE_TARGETS[page.type ?? ''];
  if (!target) return [];
  if (!bundle.isExposed || !bundle.targets.includes(target)) {
    return [
      `component "${bundle.name}" must be exposed (isExposed true) with the target ${target} to be placed on a ${page.type}`,
    ];
  }
  const objects = bundle.targetObjects;
  if (
    page.type === 'RecordPage' &&
    page.sobjectType &&
    objects.length > 0 &&
    !objects.some((o) => o.toLowerCase() === page.sobjectType?.toLowerCase())
  ) {
    return [`component "${bundle.name}" is limited to record pages of ${objects.join(', ')}, not ${page.sobjectType}`];
  }
  return [];
}

function checkAppPageOverrides(sources: UiSources): Problem[] {
  return sources.appPageOverrides.flatMap((override) => {
    const at = (message: string): Problem => ({
      rule: 'app',
      file: override.file,
      component: `${override.app}: ${override.content}`,
      message,
    });
    const page = sources.flexiPages.find((p) => p.name === override.content);
    if (!page) return [at(`assigns Lightning page "${override.content}", which the package does not have`)];
    if (override.object && page.sobjectType && override.object.toLowerCase() !== page.sobjectType.toLowerCase()) {
      return [at(`assigns the ${page.sobjectType} page "${page.name}" to ${override.object} records`)];
    }
    return [];
  });
}
