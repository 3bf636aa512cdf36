import { LightningElement, api } from 'lwc';
import { fieldValue, planPhase } from 'c/formatting';
import PLAN_NAME from '@salesforce/schema/NOME__Metronome_Customer_Plan__c.NOME__Plan_Name__c';
import PLAN_ID from '@salesforce/schema/NOME__Metronome_Customer_Plan__c.NOME__Metronome_Plan_ID__c';
import STARTING_ON from '@salesforce/schema/NOME__Metronome_Customer_Plan__c.NOME__Starting_On__c';
import ENDING_ON from '@salesforce/schema/NOME__Metronome_Customer_Plan__c.NOME__Ending_On__c';
import HEADING from '@salesforce/label/c.Metronome_Plans_Heading';
import EMPTY from '@salesforce/label/c.Metronome_Plans_Empty';
import COLUMN_PLAN from '@salesforce/label/c.Metronome_Plans_Column_Plan';
import COLUMN_STARTS from '@salesforce/label/c.Metronome_Plans_Column_Starts';
import COLUMN_ENDS from '@salesforce/label/c.Metronome_Plans_Column_Ends';
import COLUMN_PHASE from '@salesforce/label/c.Metronome_Plans_Column_Phase';
import PHASE_CURRENT from '@salesforce/label/c.Metronome_Plans_Phase_Current';
import PHASE_UPCOMING from '@salesforce/label/c.Metronome_Plans_Phase_Upcoming';
import PHASE_PAST from '@salesforce/label/c.Metronome_Plans_Phase_Past';

const PHASE_LABELS = { current: PHASE_CURRENT, upcoming: PHASE_UPCOMING, past: PHASE_PAST };
const PHASE_ORDER = { current: 0, upcoming: 1, past: 2 };
const DATE_FORMAT = { year: 'numeric', month: 'short', day: 'numeric' };

const COLUMNS = [
    { label: COLUMN_PLAN, fieldName: 'planName', type: 'text', wrapText: true },
    { label: COLUMN_STARTS, fieldName: 'startingOn', type: 'date', typeAttributes: DATE_FORMAT },
    { label: COLUMN_ENDS, fieldName: 'endingOn', type: 'date', typeAttributes: DATE_FORMAT },
    { label: COLUMN_PHASE, fieldName: 'phaseLabel', type: 'text' }
];

/** Customer plans as table rows: current first, then upcoming, then past; latest start first within each. */
export function planRows(plans, now = new Date()) {
    return (plans ?? [])
        .map((node) => {
            const startingOn = fieldValue(node, STARTING_ON);
            const endingOn = fieldValue(node, ENDING_ON);
            const phase = planPhase(startingOn, endingOn, now);
            return {
                id: node.Id,
                planName: fieldValue(node, PLAN_NAME) || fieldValue(node, PLAN_ID),
                startingOn,
                endingOn,
                phase,
                phaseLabel: PHASE_LABELS[phase]
            };
        })
        .sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || String(b.startingOn).localeCompare(String(a.startingOn)));
}

export default class CustomerPlans extends LightningElement {
    /** NOME__Metronome_Customer_Plan__c nodes. */
    @api plans;

    labels = { heading: HEADING, empty: EMPTY };
    columns = COLUMNS;

    get rows() {
        return planRows(this.plans);
    }

    get hasRows() {
        return this.rows.length > 0;
    }
}
