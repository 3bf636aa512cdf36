/**
 * A list view as a UI API GraphQL query and as datatable rows: the columns are the list view's (from its
 * metadata), a lookup shows its parent's name and links to it, the name links to the record page.
 */
export const PAGE_SIZE = 200;

function selection(column) {
    if (column.relationship) return `${column.apiName} { value } ${column.relationship} { Name { value } }`;
    return `${column.apiName} { value displayValue }`;
}

export function listQuery(object) {
    const fields = object.listView.columns.filter((c) => c.apiName !== 'Id').map(selection).join(' ');
    return `query previewListView($first: Int) { uiapi { query { ${object.apiName}(first: $first, orderBy: { Name: { order: ASC } }) {
        edges { node { Id ${fields} } } totalCount } } } }`;
}

export function recordUrl(objectApiName, recordId) {
    return `/lightning/r/${objectApiName}/${recordId}/view`;
}

const TYPES = {
    Number: 'number',
    Currency: 'currency',
    Percent: 'percent',
    Date: 'date-local',
    DateTime: 'date',
    Checkbox: 'boolean'
};

export function listColumns(object) {
    return object.listView.columns.map((column) => {
        if (column.apiName === 'Name') {
            return { label: column.label, fieldName: 'Name_url', type: 'url', wrapText: true, typeAttributes: { label: { fieldName: 'Name' } } };
        }
        if (column.relationship) {
            return { label: column.label, fieldName: `${column.apiName}_url`, type: 'url', wrapText: true, typeAttributes: { label: { fieldName: column.apiName } } };
        }
        const type = TYPES[column.type] ?? 'text';
        const base = { label: column.label, fieldName: column.apiName, type, wrapText: type === 'text' };
        if (type === 'number') {
            const digits = column.scale ?? 0;
            return { ...base, typeAttributes: { minimumFractionDigits: digits, maximumFractionDigits: digits }, cellAttributes: { alignment: 'right' } };
        }
        if (type === 'date') return { ...base, typeAttributes: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } };
        if (type === 'date-local') return { ...base, typeAttributes: { year: 'numeric', month: 'short', day: 'numeric' } };
        return base;
    });
}

export function listRows(object, connection) {
    return (connection?.edges ?? []).map(({ node }) => {
        const row = { id: node.Id };
        for (const column of object.listView.columns) {
            if (column.apiName === 'Name') {
                row.Name = node.Name?.value ?? node.Id;
                row.Name_url = recordUrl(object.apiName, node.Id);
            } else if (column.relationship) {
                const parentId = node[column.apiName]?.value;
                row[column.apiName] = node[column.relationship]?.Name?.value ?? parentId ?? '';
                row[`${column.apiName}_url`] = parentId ? recordUrl(column.referenceTo, parentId) : undefined;
            } else {
                const field = node[column.apiName];
                const typed = TYPES[column.type];
                row[column.apiName] = typed ? field?.value : field?.displayValue ?? field?.value;
            }
        }
        return row;
    });
}
