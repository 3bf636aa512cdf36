import { LightningElement, api, wire } from 'lwc';
import { graphql } from 'lightning/graphql';
import { PAGE_SIZE, listColumns, listQuery, listRows } from './query';

export { recordUrl } from './query';

/** An object tab: its "All" list view, columns from the list view's metadata, records from the org's UI API. */
export default class ListView extends LightningElement {
    @api object;
    rows;
    total;
    errors;

    get query() {
        return this.object ? listQuery(this.object) : undefined;
    }

    get variables() {
        return { first: PAGE_SIZE };
    }

    get columns() {
        return listColumns(this.object);
    }

    @wire(graphql, { query: '$query', variables: '$variables' })
    handleResult({ data, errors }) {
        if (!data && !errors) return;
        this.errors = errors?.length ? errors.map((e) => e.message) : undefined;
        const connection = data?.uiapi?.query?.[this.object.apiName];
        this.rows = connection ? listRows(this.object, connection) : undefined;
        this.total = connection?.totalCount;
    }

    get isLoading() {
        return !this.rows && !this.errors;
    }

    get countLine() {
        if (!this.rows) return '';
        const shown = this.rows.length;
        const total = this.total ?? shown;
        return shown < total ? `${shown} of ${total} items` : `${total} ${total === 1 ? 'item' : 'items'}`;
    }

    get hasRows() {
        return this.rows?.length > 0;
    }
}
