/**
 * lightning/graphql for the preview: `gql` keeps the query text, `graphql` is a wire adapter that POSTs it with
 * its variables to the org's UI API GraphQL endpoint (through the preview server) and emits `{ data, errors }`.
 */
import { requestJson } from './api.js';

export function gql(strings, ...values) {
    return strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
}

export class graphql {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.connected = false;
        this.key = undefined;
        this.sequence = 0;
    }

    update(config) {
        const { query, variables, operationName } = config ?? {};
        if (!query) return;
        const key = JSON.stringify([query, variables ?? {}, operationName]);
        if (key === this.key) return;
        this.key = key;
        this.fetch({ query, variables: variables ?? {}, operationName });
    }

    async fetch(body) {
        const sequence = ++this.sequence;
        let result;
        try {
            const { ok, status, body: answer } = await requestJson('/graphql', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(body)
            });
            // The endpoint answers `errors: []` on success; Lightning Data Service hands components `undefined` then.
            const errors = answer?.errors?.length ? answer.errors : undefined;
            result = ok ? { data: answer?.data ?? undefined, errors } : { data: undefined, errors: toErrors(status, answer) };
        } catch (error) {
            result = { data: undefined, errors: [{ message: error.message }] };
        }
        // Only the answer to the latest variables counts: an older, slower search must not overwrite it.
        if (sequence !== this.sequence || !this.connected) return;
        this.dataCallback({ ...result, refresh: () => this.fetch(body) });
    }

    connect() {
        this.connected = true;
        this.dataCallback({ data: undefined, errors: undefined });
    }

    disconnect() {
        this.connected = false;
    }
}

export function refreshGraphQL(result) {
    return result?.refresh?.();
}

function toErrors(status, answer) {
    const list = Array.isArray(answer) ? answer : answer?.errors ?? [answer];
    return list.map((entry) => ({ message: entry?.message ?? `The org answered HTTP ${status}` }));
}
