/*
 * lightning/graphql for Jest. The toolkit's stub emits its initial empty value to every wired component
 * whenever one more is created, so a child component's wire would wipe its parent's data. This mock
 * emits the initial value only to the new wire, keeps the query text (so a test can aim `emit` at one
 * query by its operation name), and keeps the stub's `emit` / `emitErrors` API.
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export class graphql extends createTestWireAdapter() {
    static emit(data, filterFn) {
        super.emit({ data, errors: undefined }, filterFn);
    }

    static emitErrors(errors, filterFn) {
        super.emit({ data: undefined, errors }, filterFn);
    }

    constructor(dataCallback) {
        super(dataCallback);
        this.emit({ data: undefined, errors: undefined });
    }
}

/** Keeps the query's text: `graphql.emit(data, forQuery('customerSummary'))` targets one wire. */
export const gql = (strings, ...values) => String.raw({ raw: strings }, ...values);

export const forQuery = (operationName) => (config) =>
    typeof config?.query === 'string' && new RegExp(`\\bquery\\s+${operationName}\\b`).test(config.query);
