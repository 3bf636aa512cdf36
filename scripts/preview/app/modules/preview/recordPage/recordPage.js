import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { layoutFields, layoutSections } from './fields';

/** A record's detail, laid out as its page layout (sections, two columns), read with getRecord. */
export default class RecordPage extends LightningElement {
    @api object;
    @api recordId;
    @api showHeader = false;

    record;
    error;

    get fields() {
        return this.object ? layoutFields(this.object) : undefined;
    }

    @wire(getRecord, { recordId: '$recordId', optionalFields: '$fields' })
    handleRecord({ data, error }) {
        if (!data && !error) return;
        this.record = data;
        this.error = error ? (error.body?.[0]?.message ?? error.body?.message ?? `HTTP ${error.status}`) : undefined;
    }

    get title() {
        return this.record?.fields?.Name?.value ?? this.recordId;
    }

    get sections() {
        return layoutSections(this.object, this.record);
    }

    get isLoading() {
        return !this.record && !this.error;
    }
}
