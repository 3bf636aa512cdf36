/**
 * What a deploy's metadata must pass before the local org accepts it: what Salesforce would reject, found by the
 * project's own metadata lint over the project the deploy would leave, reported the way Salesforce reports a
 * component failure (type, full name, file, line, column, problem).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MetadataResolver, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { MetadataParseError, loadSchema } from '../metadata/index.ts';
import { HOUSE_RULES, lintSchema, type Problem } from '../metadata/lint/index.ts';
import { metadataFileName } from './metadata-retrieve.ts';

export interface ComponentFailure {
  componentType: string;
  fullName: string;
  fileName: string;
  lineNumber: number;
  columnNumber: number;
  problem: string;
  problemType: 'Error';
}

/** Failures of the project at `projectDir` (empty when it would deploy); the project's house rules are not Salesforce's. */
export function checkDeployedProject(projectDir: string): ComponentFailure[] {
  try {
    return lintSchema(loadSchema(projectDir))
      .filter((problem) => !HOUSE_RULES.has(problem.rule))
      .map((problem) =>
        failureOf(projectDir, problem.file, problem.component, problem.message, locate(projectDir, problem)),
      );
  } catch (error) {
    if (!(error instanceof MetadataParseError)) throw error;
    const reason = error.message.slice(error.file.length + 2);
    // fast-xml-parser ends its validation message with ":line:column".
    const at = /:(\d+):(\d+)\)?$/.exec(reason);
    const position = at ? { line: Number(at[1]), column: Number(at[2]) } : { line: 1, column: 1 };
    return [failureOf(projectDir, error.file, undefined, reason, position)];
  }
}

function failureOf(
  projectDir: string,
  file: string,
  component: string | undefined,
  problem: string,
  at: { line: number; column: number },
): ComponentFailure {
  const resolved = resolve(projectDir, file);
  return {
    componentType: resolved?.type.name ?? '',
    fullName: resolved?.fullName ?? component ?? file,
    fileName: resolved ? metadataFileName(resolved) : file,
    lineNumber: at.line,
    columnNumber: at.column,
    problem,
    problemType: 'Error',
  };
}

/** The component a source file belongs to, as SDR (and so Salesforce's answer) names it. */
function resolve(projectDir: string, file: string): SourceComponent | undefined {
  try {
    return new MetadataResolver().getComponentsFromPath(path.join(projectDir, file))[0];
  } catch {
    return undefined;
  }
}

/**
 * The line a problem is about: the first element whose value the message quotes or counts ("…", 300), else the one
 * naming the component's last part, else the first line.
 */
function locate(projectDir: string, problem: Problem): { line: number; column: number } {
  let text: string;
  try {
    text = readFileSync(path.join(projectDir, problem.file), 'utf8');
  } catch {
    return { line: 1, column: 1 };
  }
  const quoted = [...problem.message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const numbers = problem.message.match(/\b\d+\b/g) ?? [];
  const component =
    problem.component
      .split(/[:.\s]+/)
      .filter(Boolean)
      .at(-1) ?? '';
  const lines = text.split('\n');
  for (const token of [...quoted, ...numbers, component].filter(Boolean)) {
    for (const [index, line] of lines.entries()) {
      const column = line.indexOf(`>${token}<`);
      if (column >= 0) return { line: index + 1, column: column + 2 };
    }
  }
  return { line: 1, column: 1 };
}
