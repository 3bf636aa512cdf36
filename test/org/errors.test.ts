/** The mapping from what Salesforce and the libraries throw to actionable errors (pure). */
import { SfError } from '@salesforce/core';
import { describe, expect, test } from 'vitest';
import { ActionableError } from '../../scripts/org/errors.ts';
import { explainError, withDeadline } from '../../scripts/org/errors.ts';

const context = { step: 'create the scratch org', devHub: 'hub@example.com', namespace: 'NOME', waitFlag: '--wait' };
const sfError = (name: string, message: string, errorCode?: string) =>
  Object.assign(new Error(message), { name, errorCode });

describe('explainError', () => {
  test.each([
    [
      'a jsforce LIMIT_EXCEEDED on signup',
      sfError(
        'LIMIT_EXCEEDED',
        'The signup request failed because this organization has reached its daily scratch org signup limit',
        'LIMIT_EXCEEDED',
      ),
      'ScratchOrgLimitError',
    ],
    [
      'an active scratch org limit',
      sfError(
        'SfError',
        'LIMIT_EXCEEDED: The signup request failed because this organization has reached its active scratch org limit',
      ),
      'ScratchOrgLimitError',
    ],
    [
      'signup error S-1017',
      sfError('S-1017', "Specify a namespace that's used by a release org associated with your Dev Hub org."),
      'NamespaceNotLinkedError',
    ],
    [
      'an unknown namespace',
      sfError('INVALID_INPUT', "We don't recognize this namespace: NOME. Did you register it in your Dev Hub org?"),
      'NamespaceNotLinkedError',
    ],
    ['a polling timeout', sfError('PollingClientTimeout', 'The client has timed out.'), 'StepTimeoutError'],
    [
      'a scratch org poll timeout',
      sfError('ScratchOrgInfoTimeoutError', 'The scratch org did not complete'),
      'StepTimeoutError',
    ],
  ])('%s', (_, error, name) => {
    expect(explainError(error, context).name).toBe(name);
  });

  test('other limits are not mistaken for the scratch org limit', () => {
    expect(
      explainError(
        sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 'REQUEST_LIMIT_EXCEEDED'),
        context,
      ).name,
    ).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  test('anything else keeps its name and message, prefixed with the step', () => {
    const explained = explainError(sfError('INVALID_SESSION_ID', 'Session expired or invalid'), context);
    expect(explained).toBeInstanceOf(ActionableError);
    expect(explained).toBeInstanceOf(SfError);
    expect(explained.message).toBe('Cannot create the scratch org: Session expired or invalid');
    expect(explained.name).toBe('INVALID_SESSION_ID');
  });

  test('a timeout names the step and the flag that gives it more time', () => {
    const explained = explainError(sfError('PollingClientTimeout', 'timed out'), {
      ...context,
      resume: 'Resume it with X.',
    });
    expect(explained.message).toBe('Timed out while waiting to create the scratch org.');
    expect(explained.actions).toEqual(['Give it more time with --wait <minutes>.', 'Resume it with X.']);
  });
});

test('withDeadline rejects with a StepTimeoutError when the work outlasts it, and passes results through otherwise', async () => {
  await expect(withDeadline(5, new Promise(() => {}))).rejects.toMatchObject({ name: 'StepTimeoutError' });
  await expect(withDeadline(1_000, Promise.resolve(42))).resolves.toBe(42);
});
