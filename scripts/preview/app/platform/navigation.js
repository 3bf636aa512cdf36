/**
 * lightning/navigation for the preview: the page reference lives in the URL (history API), so Back, reload and
 * bookmarks behave as in Lightning Experience. CurrentPageReference is a wire adapter every page shares.
 */
import { pageReferenceFromUrl, urlFromPageReference } from './routes.js';

const subscribers = new Set();
let current = readLocation();

function readLocation() {
    return pageReferenceFromUrl(window.location.pathname, window.location.search);
}

function publish() {
    for (const subscriber of subscribers) subscriber.emit();
}

window.addEventListener('popstate', () => {
    current = readLocation();
    publish();
});

export function navigate(pageReference, replace = false) {
    const url = urlFromPageReference(pageReference);
    if (replace) window.history.replaceState({}, '', url);
    else window.history.pushState({}, '', url);
    current = readLocation();
    publish();
}

export class CurrentPageReference {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
    }

    emit() {
        this.dataCallback(current);
    }

    update() {}

    connect() {
        subscribers.add(this);
        this.emit();
    }

    disconnect() {
        subscribers.delete(this);
    }
}

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export function NavigationMixin(Base) {
    return class extends Base {
        [Navigate](pageReference, replace) {
            navigate(pageReference, replace);
        }

        [GenerateUrl](pageReference) {
            return Promise.resolve(urlFromPageReference(pageReference));
        }
    };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
