/**
 * lightning/uiRecordApi for the preview: `getRecord` reads GET /ui-api/records/{id}?fields=…&optionalFields=…
 * through the preview server and emits `{ data, error }` as Lightning Data Service does.
 */
import { requestJson } from './api.js';

/** `Account.Name` from a schema import ({ objectApiName, fieldApiName }) or a string already in that form. */
export function qualifiedFieldName(field) {
    if (typeof field === 'string') return field;
    return `${field.objectApiName}.${field.fieldApiName}`;
}

function fieldPath(field) {
    if (typeof field === 'string') return field.split('.').slice(1);
    return field.fieldApiName.split('.');
}

function fieldOf(record, field) {
    const path = fieldPath(field);
    let current = record;
    for (let index = 0; index < path.length; index++) {
        const entry = current?.fields?.[path[index]];
        if (index === path.length - 1) return entry;
        current = entry?.value;
    }
    return undefined;
}

export function getFieldValue(record, field) {
    return fieldOf(record, field)?.value ?? null;
}

export function getFieldDisplayValue(record, field) {
    return fieldOf(record, field)?.displayValue ?? null;
}

export class getRecord {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.connected = false;
        this.key = undefined;
        this.sequence = 0;
    }

    update(config) {
        const { recordId, fields = [], optionalFields = [] } = config ?? {};
        if (!recordId || (fields.length === 0 && optionalFields.length === 0)) return;
        const params = new URLSearchParams();
        if (fields.length) params.set('fields', fields.map(qualifiedFieldName).join(','));
        if (optionalFields.length) params.set('optionalFields', optionalFields.map(qualifiedFieldName).join(','));
        const path = `/ui-api/records/${encodeURIComponent(recordId)}?${params.toString()}`;
        if (path === this.key) return;
        this.key = path;
        this.fetch(path);
    }

    async fetch(path) {
        const sequence = ++this.sequence;
        let result;
        try {
            const { ok, status, body } = await requestJson(path);
            result = ok ? { data: body, error: undefined } : { data: undefined, error: { status, body } };
        } catch (error) {
            result = { data: undefined, error: { status: 0, body: { message: error.message } } };
        }
        if (sequence !== this.sequence || !this.connected) return;
        this.dataCallback(result);
    }

    connect() {
        this.connected = true;
        this.dataCallback({ data: undefined, error: undefined });
    }

    disconnect() {
        this.connected = false;
    }
}
