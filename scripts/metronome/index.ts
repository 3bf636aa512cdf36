/** Reading Metronome: the SDK-based source (streams of customers, plans, metrics). The local sandbox is in ./sandbox/index.ts. */
export {
  createMetronomeSource,
  mapBounded,
  type MetronomeSource,
  type MetronomeSourceOptions,
  type SkippedCustomer,
  type CustomerBundle,
  type CustomerPart,
  type CustomerSelection,
} from './source.ts';
export { endpointOf } from './client.ts';
