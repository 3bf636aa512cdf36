import { LightningElement, wire } from 'lwc';
import { CurrentPageReference, NavigationMixin } from 'lightning/navigation';
import MODEL from 'preview/model';
import COMPONENTS from 'preview/components';

/** The tab a page reference belongs to: a component tab by API name, an object tab by object. */
export function activeTabOf(tabs, pageReference) {
    const attributes = pageReference?.attributes ?? {};
    if (pageReference?.type === 'standard__navItemPage') return tabs.find((tab) => tab.apiName === attributes.apiName);
    return tabs.find((tab) => tab.objectApiName && tab.objectApiName === attributes.objectApiName);
}

export function pageReferenceOfTab(tab) {
    return tab.kind === 'component'
        ? { type: 'standard__navItemPage', attributes: { apiName: tab.apiName } }
        : { type: 'standard__objectPage', attributes: { objectApiName: tab.objectApiName, actionName: 'list' } };
}

/** The Metronome app: its tabs (from the app's metadata) across the top, the current page below. */
export default class Shell extends NavigationMixin(LightningElement) {
    model = MODEL;
    pageReference;

    @wire(CurrentPageReference)
    handlePageReference(pageReference) {
        if (!pageReference) {
            this[NavigationMixin.Navigate](pageReferenceOfTab(MODEL.tabs[0]), true);
            return;
        }
        this.pageReference = pageReference;
        document.title = `${this.pageTitle} | ${MODEL.label}`;
    }

    get activeTab() {
        return activeTabOf(MODEL.tabs, this.pageReference);
    }

    get tabs() {
        const active = this.activeTab;
        return MODEL.tabs.map((tab) => ({
            ...tab,
            href: tabHref(tab),
            className: `slds-context-bar__item${tab === active ? ' slds-is-active' : ''}`,
            ariaCurrent: tab === active ? 'page' : undefined
        }));
    }

    get objectApiName() {
        return this.pageReference?.attributes?.objectApiName;
    }

    get object() {
        return MODEL.objects[this.objectApiName];
    }

    get recordId() {
        return this.pageReference?.attributes?.recordId;
    }

    get isComponentPage() {
        return this.pageReference?.type === 'standard__navItemPage' && Boolean(this.component);
    }

    get component() {
        return COMPONENTS[this.activeTab?.component];
    }

    get isListPage() {
        return this.pageReference?.type === 'standard__objectPage' && Boolean(this.object);
    }

    get isRecordPage() {
        return this.pageReference?.type === 'standard__recordPage' && Boolean(this.object) && Boolean(this.recordId);
    }

    get hasFlexiPage() {
        return Boolean(this.object?.recordPage);
    }

    get isUnknownPage() {
        return !this.isComponentPage && !this.isListPage && !this.isRecordPage;
    }

    get pageTitle() {
        return this.activeTab?.label ?? MODEL.label;
    }

    handleTabClick(event) {
        // Ctrl/Cmd-click opens a new browser tab as links do; a plain click stays in the app.
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        const tab = MODEL.tabs.find((t) => t.name === event.currentTarget.dataset.tab);
        if (tab) this[NavigationMixin.Navigate](pageReferenceOfTab(tab));
    }
}

function tabHref(tab) {
    return tab.kind === 'component' ? `/lightning/n/${tab.apiName}` : `/lightning/o/${tab.objectApiName}/list`;
}
