/*
 * lightning/navigation for Jest: the toolkit's stub, plus a record of the last page reference a component
 * navigated to (`getNavigateCalledWith()`), so a test can check where a click leads.
 */
import { createTestWireAdapter } from '@salesforce/wire-service-jest-util';

export const CurrentPageReference = createTestWireAdapter(jest.fn());

let lastPageReference;
export const getNavigateCalledWith = () => lastPageReference;
export const resetNavigation = () => {
    lastPageReference = undefined;
};

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            lastPageReference = { pageReference, replace };
        }

        [GenerateUrl]() {
            return Promise.resolve('https://www.example.com');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
