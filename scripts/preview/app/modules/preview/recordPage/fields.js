/** A record as the page layout shows it: the fields getRecord must ask for, and each cell's text and link. */
import { recordUrl } from 'preview/listView';

export function layoutFields(object) {
    const names = new Set([`${object.apiName}.Name`]);
    for (const section of object.layout?.sections ?? []) {
        for (const column of section.columns) {
            for (const field of column) {
                names.add(`${object.apiName}.${field.apiName}`);
                if (field.relationship) names.add(`${object.apiName}.${field.relationship}.Name`);
            }
        }
    }
    return [...names];
}

export function cellText(field, entry, locale = 'en-US') {
    const value = entry?.value;
    if (value === null || value === undefined || value === '') return '';
    if (entry.displayValue !== null && entry.displayValue !== undefined && field.type !== 'Number') return String(entry.displayValue);
    switch (field.type) {
        case 'Number':
            return new Intl.NumberFormat(locale, { minimumFractionDigits: field.scale ?? 0, maximumFractionDigits: field.scale ?? 0 }).format(Number(value));
        case 'Date':
            return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
        case 'DateTime':
            return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
        case 'Checkbox':
            return value ? 'Yes' : 'No';
        default:
            return String(value);
    }
}

export function layoutSections(object, record) {
    const fields = record?.fields ?? {};
    return (object.layout?.sections ?? []).map((section, sectionIndex) => ({
        key: `s${sectionIndex}`,
        label: section.label,
        showHeading: section.showHeading,
        columns: section.columns.map((column, columnIndex) => ({
            key: `s${sectionIndex}c${columnIndex}`,
            items: column.map((field) => {
                const entry = fields[field.apiName];
                const parent = field.relationship ? fields[field.relationship]?.value : undefined;
                const parentName = parent?.fields?.Name?.value;
                return {
                    key: field.apiName,
                    label: field.label,
                    text: field.relationship ? (parentName ?? entry?.value ?? '') : cellText(field, entry),
                    url: field.relationship && entry?.value ? recordUrl(field.referenceTo, entry.value) : undefined
                };
            })
        }))
    }));
}
