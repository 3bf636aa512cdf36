/** The errors SOQL answers with, worded as Salesforce words them. */
import { requestError, type SfError } from '../errors.ts';
import type { FieldModel, ObjectModel } from '../model.ts';

export const malformed = (message: string) => requestError('MALFORMED_QUERY', message);

export const invalidField = (message: string) => requestError('INVALID_FIELD', message);

/** More than two semi-/anti-joins: Salesforce answers with an error code of its own, not MALFORMED_QUERY. */
export const tooManySemiJoins = () =>
  requestError('EXCEEDED_MAX_SEMIJOIN_SUBSELECTS', 'Maximum of 2 semi join sub-selects are allowed');

/**
 * A feature of SOQL that Salesforce has and the local org does not: Salesforce's refusal shape for a call
 * the org cannot serve, with what to use instead.
 */
export const notInLocalOrg = (feature: string, instead: string) =>
  requestError('FUNCTIONALITY_NOT_ENABLED', `${feature} is not available in the local org. ${instead}`);

export function unknownObject(name: string): SfError {
  return requestError(
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** Long Text Area fields are neither filterable, sortable nor groupable (describe says false for all three). */
export function isLongText(f: FieldModel): boolean {
  return f.type === 'textarea' && f.length > 255;
}

export function notUsableIn(f: FieldModel, what: 'filtered' | 'sorted' | 'grouped'): SfError {
  return invalidField(`field '${f.name}' can not be ${what} in a query call`);
}

export function noSuchRelationship(name: string, where: 'field path' | 'FROM part of query call'): SfError {
  return requestError(
    where === 'field path' ? 'INVALID_FIELD' : 'INVALID_TYPE',
    `Didn't understand relationship '${name}' in ${where}. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export type { FieldModel, ObjectModel };
