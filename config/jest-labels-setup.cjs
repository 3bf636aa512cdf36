// Serves `@salesforce/label/c.X` imports from force-app's CustomLabels file, so tests see the real
// English text (and label templates get filled) instead of the toolkit's "c.X" placeholder.
const fs = require('node:fs');
const path = require('node:path');
const { XMLParser } = require('fast-xml-parser');

const file = path.resolve(__dirname, '../force-app/main/default/labels/CustomLabels.labels-meta.xml');
const parsed = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'labels' }).parse(fs.readFileSync(file, 'utf8'));

for (const label of parsed.CustomLabels?.labels ?? []) {
    jest.mock(`@salesforce/label/c.${label.fullName}`, () => ({ default: String(label.value) }), { virtual: true });
}
