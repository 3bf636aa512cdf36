/** The @metronome/sdk types the mapping and the sandbox are written against (the API contract). */
export type { CustomerDetail } from '@metronome/sdk/resources/v1/customers/customers';
export type { PlanListResponse as CustomerPlan } from '@metronome/sdk/resources/v1/customers/plans';
export type { Invoice } from '@metronome/sdk/resources/v1/customers/invoices';
export type { PlanListResponse, PlanDetail } from '@metronome/sdk/resources/v1/plans';
export type { CreditGrantListResponse as CreditGrant } from '@metronome/sdk/resources/v1/credit-grants';
export type { BillableMetricListResponse as BillableMetric } from '@metronome/sdk/resources/v1/billable-metrics';
export type { CreditTypeData } from '@metronome/sdk/resources/shared';
