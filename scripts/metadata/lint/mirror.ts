import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findObject } from '../index.ts';
import type { PackageSchema } from '../types.ts';
import { child, children, parseMetadataXml, text, texts } from '../xml.ts';
import { listPackageFiles } from './lwc-sources.ts';
import type { Problem } from './problem.ts';

/**
 * Rules for a package whose objects mirror Metronome: the sync owns every value, so what users see must say where a
 * field comes from (help text), must not invite edits an incremental run would never repair (read-only layouts,
 * no New/Edit/Clone), and every component speaks the project's one API version (sfdx-project.json).
 */
export function checkMirror(schema: PackageSchema): Problem[] {
  const files = listPackageFiles(schema);
  const parse = (file: string, root: string) =>
    parseMetadataXml(readFileSync(path.join(schema.projectDir, file), 'utf8'), file, root);
  return [
    ...checkHelpText(schema),
    ...files
      .filter((f) => f.endsWith('.layout-meta.xml'))
      .flatMap((file) => checkReadOnlyLayout(schema, file, parse(file, 'Layout'))),
    ...schema.objects.flatMap((object) =>
      checkNoNewButton(object.name, object.file, parse(object.file, 'CustomObject')),
    ),
    ...checkApiVersions(schema),
  ];
}

function checkHelpText(schema: PackageSchema): Problem[] {
  return schema.objects.flatMap((object) =>
    object.fields
      .filter((field) => !field.helpText?.trim())
      .map((field) => ({
        rule: 'help-text',
        file: field.file,
        component: `${object.name}.${field.name}`,
        message: 'the field has no <inlineHelpText>: say what it means and that the Metronome sync sets it',
      })),
  );
}

/** Layout buttons an incremental sync would silently undo. */
const EDIT_BUTTONS = ['Edit', 'Clone'];

function checkReadOnlyLayout(
  schema: PackageSchema,
  file: string,
  root: ReturnType<typeof parseMetadataXml>,
): Problem[] {
  const layoutName = path.basename(file).replace(/\.layout-meta\.xml$/, '');
  if (!findObject(schema, layoutName.split('-')[0])) return [];
  const at = (component: string, message: string): Problem => ({
    rule: 'mirror-layout',
    file,
    component: `${layoutName}: ${component}`,
    message,
  });
  const editable = children(root, 'layoutSections')
    .flatMap((s) => children(s, 'layoutColumns'))
    .flatMap((c) => children(c, 'layoutItems'))
    // Salesforce insists a universally required field (a Text Name) is Required on every layout.
    .filter((item) => text(item, 'field') && !['Readonly', 'Required'].includes(text(item, 'behavior') ?? ''))
    .map((item) =>
      at(text(item, 'field')!, `shows the field as ${text(item, 'behavior') ?? 'Edit'}; mirrored fields are Readonly`),
    );
  const excluded = texts(root, 'excludeButtons');
  const offered = EDIT_BUTTONS.filter((button) => !excluded.includes(button)).map((button) =>
    at(button, `offers the ${button} button; exclude it (<excludeButtons>${button}</excludeButtons>)`),
  );
  return [...editable, ...offered];
}

function checkNoNewButton(objectName: string, file: string, root: ReturnType<typeof parseMetadataXml>): Problem[] {
  if (texts(child(root, 'searchLayouts'), 'excludedStandardButtons').includes('New')) return [];
  return [
    {
      rule: 'mirror-layout',
      file,
      component: `${objectName}: New`,
      message: 'list views offer the New button; exclude it (<searchLayouts><excludedStandardButtons>New<…>)',
    },
  ];
}

function checkApiVersions(schema: PackageSchema): Problem[] {
  return schema.lwc
    .filter((bundle) => bundle.apiVersion !== schema.sourceApiVersion)
    .map((bundle) => ({
      rule: 'api-version',
      file: bundle.file,
      component: bundle.name,
      message: `apiVersion ${bundle.apiVersion ?? '(none)'} differs from sfdx-project.json's sourceApiVersion ${schema.sourceApiVersion}`,
    }));
}
