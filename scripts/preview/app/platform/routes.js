/**
 * Page references ↔ URLs, shaped like Lightning Experience's so bookmarks read the same:
 * /lightning/n/<tab>, /lightning/o/<object>/list, /lightning/r/<object>/<id>/view (or …/view?recordId=<id>).
 * A page reference's state travels as the query string. Pure: no window, no DOM.
 */

export function pageReferenceFromUrl(pathname, search = '') {
    const params = new URLSearchParams(search);
    const state = Object.fromEntries(params.entries());
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'lightning') return undefined;
    const [, kind, first, second, third] = parts;
    if (kind === 'n' && first) return { type: 'standard__navItemPage', attributes: { apiName: first }, state };
    if (kind === 'o' && first) return { type: 'standard__objectPage', attributes: { objectApiName: first, actionName: second || 'list' }, state };
    if (kind === 'r' && first) {
        const recordId = second && second !== 'view' ? second : state.recordId;
        const actionName = (second === 'view' ? second : third) || 'view';
        if (!recordId) return undefined;
        const rest = { ...state };
        delete rest.recordId;
        return { type: 'standard__recordPage', attributes: { recordId, objectApiName: first, actionName }, state: rest };
    }
    return undefined;
}

export function urlFromPageReference(pageReference) {
    const { type, attributes = {}, state = {} } = pageReference ?? {};
    const entries = Object.entries(state).filter(([, value]) => value !== undefined && value !== null && value !== '');
    const query = entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
    const part = (value) => encodeURIComponent(value);
    switch (type) {
        case 'standard__navItemPage':
            return `/lightning/n/${part(attributes.apiName)}${query}`;
        case 'standard__objectPage':
            return `/lightning/o/${part(attributes.objectApiName)}/${part(attributes.actionName || 'list')}${query}`;
        case 'standard__recordPage':
            return `/lightning/r/${part(attributes.objectApiName || 'sObject')}/${part(attributes.recordId)}/${part(attributes.actionName || 'view')}${query}`;
        default:
            throw new Error(`The preview cannot navigate to a page reference of type ${JSON.stringify(type)}`);
    }
}
