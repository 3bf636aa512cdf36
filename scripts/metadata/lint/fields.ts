import type { FieldDef, ObjectDef, PackageSchema } from '../types.ts';
import type { Problem } from './problem.ts';

/** Rules on objects and their fields: what a deploy rejects on the component alone. */

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/;
const MAX_NAME_LENGTH = 40;
const EXTERNAL_ID_TYPES = new Set(['Text', 'Number', 'Email', 'AutoNumber']);
const UNIQUE_TYPES = new Set(['Text', 'Number', 'Email']);
const KNOWN_TYPES = new Set([
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'Number',
  'Currency',
  'Percent',
  'Date',
  'DateTime',
  'Time',
  'Checkbox',
  'Picklist',
  'MultiselectPicklist',
  'Email',
  'Phone',
  'Url',
  'Lookup',
  'MasterDetail',
  'AutoNumber',
]);

export function checkObjects(schema: PackageSchema): Problem[] {
  return schema.objects.flatMap((object) => [
    ...checkApiName(object.file, object.name, object.name),
    ...checkObjectBasics(object),
    ...checkNameField(object),
    ...object.fields.flatMap((field) => checkField(object, field)),
  ]);
}

function checkApiName(file: string, component: string, name: string): Problem[] {
  if (!name.endsWith('__c')) {
    return [{ rule: 'api-name', file, component, message: `API name "${name}" must end in __c` }];
  }
  const body = name.slice(0, -3);
  if (!API_NAME.test(body)) {
    return [
      {
        rule: 'api-name',
        file,
        component,
        message: `API name "${name}" is malformed: it must start with a letter, use only letters, digits and single underscores, and not end with an underscore`,
      },
    ];
  }
  if (body.length > MAX_NAME_LENGTH) {
    return [
      {
        rule: 'api-name',
        file,
        component,
        message: `API name "${name}" is ${body.length} characters before __c; the limit is ${MAX_NAME_LENGTH}`,
      },
    ];
  }
  return [];
}

function checkObjectBasics(object: ObjectDef): Problem[] {
  const problems: Problem[] = [];
  const at = (message: string): Problem => ({ rule: 'object', file: object.file, component: object.name, message });
  if (!object.label) problems.push(at('the object has no <label>'));
  if (!object.pluralLabel) problems.push(at('the object has no <pluralLabel>'));
  if (!object.sharingModel) problems.push(at('the object has no <sharingModel>'));
  return problems;
}

function checkNameField(object: ObjectDef): Problem[] {
  const name = object.nameField;
  const problems: Problem[] = [];
  const at = (message: string): Problem => ({
    rule: 'name-field',
    file: object.file,
    component: `${object.name}.Name`,
    message,
  });
  if (!name.label) problems.push(at('the Name field has no <label>'));
  if (name.type !== 'Text' && name.type !== 'AutoNumber') {
    problems.push(
      at(
        name.type
          ? `the Name field type must be Text or AutoNumber, not "${name.type}"`
          : 'the Name field has no <type>',
      ),
    );
  }
  if (name.type === 'AutoNumber' && !/\{0+\}/.test(name.displayFormat ?? '')) {
    problems.push(at('an Auto Number Name field needs a <displayFormat> with a number placeholder such as {0000}'));
  }
  return problems;
}

function checkField(object: ObjectDef, field: FieldDef): Problem[] {
  const component = `${object.name}.${field.name}`;
  const at = (rule: string, message: string): Problem => ({ rule, file: field.file, component, message });
  const problems = checkApiName(field.file, component, field.name);
  if (!field.label) problems.push(at('field', 'the field has no <label>'));
  if (!KNOWN_TYPES.has(field.type))
    problems.push(at('field', field.type ? `unknown field type "${field.type}"` : 'the field has no <type>'));
  problems.push(...checkSize(field).map((m) => at('field-size', m)));
  problems.push(...checkKeys(field).map((m) => at('field-key', m)));
  if (field.picklist) problems.push(...checkPicklist(field).map((m) => at('picklist', m)));
  if (field.type === 'Picklist' && !field.picklist)
    problems.push(at('picklist', 'a Picklist field needs a <valueSet>'));
  return problems;
}

function checkSize(field: FieldDef): string[] {
  if (field.formula !== undefined) return [];
  const { type, length, precision, scale } = field;
  if (type === 'Text') {
    if (length === undefined || Number.isNaN(length)) return ['a Text field needs a <length>'];
    if (length < 1 || length > 255)
      return [`Text length ${length} is out of range: it must be 1 to 255 (use Long Text Area beyond 255)`];
  }
  if (type === 'LongTextArea' || type === 'Html') {
    if (length === undefined || length < 256 || length > 131072)
      return [`${type} length ${length ?? '(none)'} is out of range: it must be 256 to 131072`];
  }
  if (type === 'Number' || type === 'Currency' || type === 'Percent') {
    if (precision === undefined || Number.isNaN(precision)) return [`a ${type} field needs a <precision>`];
    if (precision < 1 || precision > 18) return [`${type} precision ${precision} is out of range: it must be 1 to 18`];
    if (scale !== undefined && (scale < 0 || scale > precision))
      return [`${type} scale ${scale} must be between 0 and the precision (${precision})`];
  }
  return [];
}

function checkKeys(field: FieldDef): string[] {
  const messages: string[] = [];
  const kind = field.formula !== undefined ? `a formula (${field.type})` : field.type;
  if (field.externalId && (field.formula !== undefined || !EXTERNAL_ID_TYPES.has(field.type))) {
    messages.push(`External ID is not allowed on ${kind} fields (only Text, Number, Email and Auto Number)`);
  }
  if (field.unique && (field.formula !== undefined || !UNIQUE_TYPES.has(field.type))) {
    messages.push(`Unique is not allowed on ${kind} fields (only Text, Number and Email)`);
  }
  if (field.caseSensitive && !(field.unique && field.type === 'Text')) {
    messages.push('caseSensitive is meaningful only on a unique Text field');
  }
  return messages;
}

function checkPicklist(field: FieldDef): string[] {
  const values = field.picklist?.values ?? [];
  if (values.length === 0) return ['the picklist has no values'];
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const value of values) {
    const key = value.fullName.toLowerCase();
    if (!value.fullName) messages.push('a picklist value has no <fullName>');
    else if (seen.has(key)) messages.push(`duplicate picklist value "${value.fullName}"`);
    seen.add(key);
  }
  if (values.filter((v) => v.default).length > 1) messages.push('more than one picklist value is marked default');
  return messages;
}
