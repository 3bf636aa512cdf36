export interface Problem {
  rule: string;
  /** File the problem is in, relative to the project directory. */
  file: string;
  /** The component, e.g. `Metronome_Invoice__c.Status__c`. */
  component: string;
  message: string;
}

export const formatProblem = (p: Problem) => `${p.file}: ${p.component}: ${p.message} [${p.rule}]`;
