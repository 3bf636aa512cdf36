import {
    errorMessages,
    fieldDisplayValue,
    fieldValue,
    formatAmount,
    formatDate,
    formatLabel,
    isIsoCurrencyCode,
    nodesOf,
    planPhase,
    remainingPercent
} from 'c/formatting';

describe('c/formatting', () => {
    it('reads GraphQL connections and field values, following parent relationships', () => {
        const node = { NOME__Name__c: { value: 'Acme' }, NOME__Account__r: { Name: { value: 'Acme Corp' } }, NOME__Status__c: { value: 'FINALIZED', displayValue: 'Finalized' } };
        expect(nodesOf({ edges: [{ node }] })).toEqual([node]);
        expect(nodesOf(undefined)).toEqual([]);
        expect(fieldValue(node, { fieldApiName: 'NOME__Name__c' })).toBe('Acme');
        expect(fieldValue(node, 'NOME__Account__r.Name')).toBe('Acme Corp');
        expect(fieldValue(node, 'NOME__Missing__c')).toBeNull();
        expect(fieldDisplayValue(node, 'NOME__Status__c')).toBe('Finalized');
    });

    it('formats ISO 4217 amounts as currency and custom credit types as number plus unit', () => {
        expect(isIsoCurrencyCode('USD')).toBe(true);
        expect(isIsoCurrencyCode('credits')).toBe(false);
        expect(isIsoCurrencyCode('XYZ')).toBe(false);
        expect(formatAmount(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
        expect(formatAmount(1234.5, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
        expect(formatAmount(1234.5, 'credits', 'en-US')).toBe('1,234.50 credits');
        expect(formatAmount(1000, 'credits', 'en-US')).toBe('1,000 credits');
        expect(formatAmount(0, 'cloud consumption units', 'en-US')).toBe('0 cloud consumption units');
        expect(formatAmount(12, null, 'en-US')).toBe('12');
        expect(formatAmount(null, 'USD', 'en-US')).toBe('');
    });

    it('formats dates without shifting date-only values across time zones', () => {
        expect(formatDate('2024-03-01', 'en-US')).toBe('Mar 1, 2024');
        expect(formatDate('', 'en-US')).toBe('');
        expect(formatDate('not a date', 'en-US')).toBe('');
    });

    it('fills label templates', () => {
        expect(formatLabel('{0} of {1} left', 5, 10)).toBe('5 of 10 left');
        expect(formatLabel('{0} and {2}', 'a')).toBe('a and {2}');
    });

    it('computes the remaining share of a credit grant, clamped to 0–100', () => {
        expect(remainingPercent(25, 100)).toBe(25);
        expect(remainingPercent(150, 100)).toBe(100);
        expect(remainingPercent(-5, 100)).toBe(0);
        expect(remainingPercent(5, 0)).toBe(0);
    });

    it('places a plan in time', () => {
        const now = new Date('2024-06-01T00:00:00Z');
        expect(planPhase('2024-01-01T00:00:00Z', null, now)).toBe('current');
        expect(planPhase('2024-01-01T00:00:00Z', '2024-05-01T00:00:00Z', now)).toBe('past');
        expect(planPhase('2024-07-01T00:00:00Z', null, now)).toBe('upcoming');
    });

    it('collects messages from GraphQL and LDS errors', () => {
        expect(errorMessages([{ message: 'Field NOME__Total__c is not accessible' }])).toEqual(['Field NOME__Total__c is not accessible']);
        expect(errorMessages({ body: { message: 'Insufficient access' } })).toEqual(['Insufficient access']);
        expect(errorMessages({ body: [{ message: 'a' }, { message: 'a' }] })).toEqual(['a']);
        expect(errorMessages(undefined)).toEqual(['An unknown error occurred.']);
    });
});
