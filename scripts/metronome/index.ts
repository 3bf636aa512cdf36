/** Reading Metronome: the SDK-based source (streams of customers, plans, metrics) and the local sandbox. */
export { createMetronomeSource, mapBounded, type MetronomeSource, type MetronomeSourceOptions, type CustomerBundle, type CustomerSelection } from './source.ts';
export { endpointOf } from './client.ts';
export { startMetronomeSandbox, type MetronomeSandbox, type SandboxOptions, type Mutation, type MutationResult, type FaultRule, type KnownRecords } from './sandbox/index.ts';
