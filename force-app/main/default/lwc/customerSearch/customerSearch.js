import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { fieldValue, formatLabel, nodesOf } from 'c/formatting';
import CUSTOMER_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Name__c';
import CUSTOMER_METRONOME_ID from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Metronome_Customer_ID__c';
import CUSTOMER_RECORD_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.Name';
import CUSTOMER_ACCOUNT_NAME from '@salesforce/schema/NOME__Metronome_Customer__c.NOME__Account__r.Name';
import SEARCH_LABEL from '@salesforce/label/c.Metronome_Search_Label';
import SEARCH_PLACEHOLDER from '@salesforce/label/c.Metronome_Search_Placeholder';
import SEARCH_HELP from '@salesforce/label/c.Metronome_Search_Help';
import SEARCHING from '@salesforce/label/c.Metronome_Searching';
import RESULTS_LABEL from '@salesforce/label/c.Metronome_Search_Results';
import NO_RESULTS from '@salesforce/label/c.Metronome_Search_No_Results';
import SELECT_TITLE from '@salesforce/label/c.Metronome_Search_Select_Title';
import RESULT_DETAIL from '@salesforce/label/c.Metronome_Search_Result_Detail';

/** Waits for the user to pause typing, so a query runs per search and not per keystroke. */
const SEARCH_DELAY_MS = 300;
const MIN_TERM_LENGTH = 2;
const MAX_RESULTS = 25;

// The term travels as GraphQL variables, never inside the query text.
const SEARCH_QUERY = gql`
    query searchMetronomeCustomers($namePattern: String, $metronomeId: String, $first: Int) {
        uiapi {
            query {
                NOME__Metronome_Customer__c(
                    where: { or: [{ NOME__Name__c: { like: $namePattern } }, { NOME__Metronome_Customer_ID__c: { eq: $metronomeId } }] }
                    orderBy: { NOME__Name__c: { order: ASC } }
                    first: $first
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            NOME__Name__c {
                                value
                            }
                            NOME__Metronome_Customer_ID__c {
                                value
                            }
                            NOME__Account__r {
                                Name {
                                    value
                                }
                            }
                        }
                    }
                }
            }
        }
    }
`;

/** `%` and `_` are LIKE wildcards: a name containing them is searched for literally. */
export function likePattern(term) {
    return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A search box and the customers it finds; fires `select` with `{ customerId }` when one is picked. */
export default class CustomerSearch extends LightningElement {
    term = '';
    searchTerm = '';
    results;
    errors;
    isLoading = false;
    delay;

    labels = {
        searchLabel: SEARCH_LABEL,
        searchPlaceholder: SEARCH_PLACEHOLDER,
        searchHelp: SEARCH_HELP,
        searching: SEARCHING,
        resultsLabel: RESULTS_LABEL,
        noResults: NO_RESULTS
    };

    /** No query until there is something to search for. */
    get query() {
        return this.searchTerm ? SEARCH_QUERY : undefined;
    }

    get variables() {
        return { namePattern: likePattern(this.searchTerm), metronomeId: this.searchTerm, first: MAX_RESULTS };
    }

    @wire(graphql, { query: '$query', variables: '$variables' })
    handleResult({ data, errors }) {
        if (!data && !errors) return;
        this.isLoading = false;
        this.errors = errors;
        this.results = data ? nodesOf(data.uiapi.query.NOME__Metronome_Customer__c).map(toResult) : undefined;
    }

    get hasResults() {
        return this.results?.length > 0;
    }

    get showNoResults() {
        return Boolean(this.searchTerm) && Array.isArray(this.results) && this.results.length === 0;
    }

    handleTermChange(event) {
        this.term = event.detail.value ?? '';
        clearTimeout(this.delay);
        const term = this.term.trim();
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.delay = setTimeout(() => this.search(term), SEARCH_DELAY_MS);
    }

    search(term) {
        const searchTerm = term.length >= MIN_TERM_LENGTH ? term : '';
        if (searchTerm === this.searchTerm) return;
        this.searchTerm = searchTerm;
        this.results = undefined;
        this.errors = undefined;
        this.isLoading = Boolean(searchTerm);
    }

    handleSelect(event) {
        this.dispatchEvent(new CustomEvent('select', { detail: { customerId: event.currentTarget.dataset.id } }));
    }

    disconnectedCallback() {
        clearTimeout(this.delay);
    }
}

function toResult(node) {
    const name = fieldValue(node, CUSTOMER_NAME) || fieldValue(node, CUSTOMER_RECORD_NAME);
    const metronomeId = fieldValue(node, CUSTOMER_METRONOME_ID) ?? '';
    const account = fieldValue(node, CUSTOMER_ACCOUNT_NAME);
    return {
        id: node.Id,
        name,
        selectTitle: formatLabel(SELECT_TITLE, name),
        detail: account ? formatLabel(RESULT_DETAIL, metronomeId, account) : metronomeId
    };
}
