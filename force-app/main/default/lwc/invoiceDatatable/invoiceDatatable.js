import LightningDatatable from 'lightning/datatable';
import statusBadge from './statusBadge.html';

/**
 * lightning-datatable plus a `statusBadge` cell type, so an invoice's status reads as a badge.
 * Column: `{ type: 'statusBadge', fieldName: 'statusLabel', typeAttributes: { badgeClass: { fieldName: 'statusClass' } } }`.
 */
export default class InvoiceDatatable extends LightningDatatable {
    static customTypes = {
        statusBadge: {
            template: statusBadge,
            standardCellLayout: true,
            typeAttributes: ['badgeClass']
        }
    };
}
