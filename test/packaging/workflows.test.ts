/** The GitHub workflows: valid YAML, and every job step calls only the project's own commands, with flags that exist. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { program } from '../../scripts/cli/main.ts';
import { REPO_DIR } from '../org/support/harness.ts';

const WORKFLOW_DIR = path.join(REPO_DIR, '.github', 'workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, any>;
  jobs: Record<string, { 'runs-on': string; needs?: string | string[]; 'timeout-minutes'?: number; steps: Step[] }>;
}

const workflows = Object.fromEntries(
  readdirSync(WORKFLOW_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => [f, parse(readFileSync(path.join(WORKFLOW_DIR, f), 'utf8'), { strict: true }) as Workflow]),
);

const steps = (file: string) => Object.values(workflows[file]!.jobs).flatMap((job) => job.steps);
const runs = (file: string) =>
  steps(file).flatMap((s) =>
    s.run
      ? s.run
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#'))
      : [],
  );

/** Splits a command line the way the shell would for these simple lines (quotes, no expansion needed). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The project's command tree, to check that each `npx nome …` line names a real command and real flags. */
const nome = await program('all');

function resolve(args: string[]): { command: Command; rest: string[] } {
  let commands = nome.commands as Command[];
  let command: Command | undefined;
  let i = 0;
  for (; i < args.length && !args[i]!.startsWith('-'); i++) {
    const next = commands.find((c) => c.name() === args[i]);
    if (!next) break;
    command = next;
    commands = next.commands as Command[];
  }
  if (!command) throw new Error(`no nome command ${args.join(' ')}`);
  return { command, rest: args.slice(i) };
}

describe('GitHub workflows', () => {
  test('there are the CI, release and promote workflows, each valid YAML with jobs', () => {
    expect(Object.keys(workflows)).toEqual(expect.arrayContaining(['ci.yml', 'promote.yml', 'release.yml']));
    for (const [file, workflow] of Object.entries(workflows)) {
      expect(workflow.name, file).toBeTruthy();
      expect(Object.keys(workflow.jobs).length, file).toBeGreaterThan(0);
    }
  });

  test('jobs run only npm and `npx nome` commands', () => {
    for (const file of Object.keys(workflows)) {
      for (const line of runs(file))
        expect(line, `${file}: ${line}`).toMatch(/^(npm (ci|test|run [a-z:-]+)\b|npx nome )/);
      for (const step of steps(file))
        expect(Boolean(step.run) !== Boolean(step.uses), `${file}: a step either runs or uses`).toBe(true);
    }
  });

  test('every `npx nome` line names an existing command and only flags it accepts', () => {
    for (const file of Object.keys(workflows)) {
      for (const line of runs(file).filter((l) => l.startsWith('npx nome '))) {
        const { command, rest } = resolve(words(line).slice(2));
        const flags = rest.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]!);
        const known = command.options.flatMap((o) => [o.long, o.short].filter(Boolean));
        for (const flag of flags) expect(known, `${file}: ${line}`).toContain(flag);
      }
    }
  });

  test("a command's --wait ends before its job's timeout, so the run shows the command's own timeout message", () => {
    for (const [file, workflow] of Object.entries(workflows)) {
      for (const [name, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.run)) {
          const args = words(step.run!);
          const wait = args.indexOf('--wait');
          if (wait < 0) continue;
          expect(job['timeout-minutes'], `${file} ${name}: ${step.run}`).toBeGreaterThan(Number(args[wait + 1]) + 10);
        }
      }
    }
  });

  test('pull requests install, build, lint and run every test, without secrets', () => {
    const ci = workflows['ci.yml']!;
    expect(ci.on).toHaveProperty('pull_request');
    expect(runs('ci.yml')).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm run lint', 'npm test']);
    expect(readFileSync(path.join(WORKFLOW_DIR, 'ci.yml'), 'utf8')).not.toContain('secrets.');
  });

  test('main builds a package version with JWT auth from repository secrets, after the tests pass', () => {
    const release = workflows['release.yml']!;
    expect(release.on.push.branches).toEqual(['main']);
    expect(release.jobs['package-version']!.needs).toBe('test');
    const login = steps('release.yml').find((s) => s.run?.startsWith('npx nome org login jwt'))!;
    expect(login.env).toEqual({
      SF_DEVHUB_USERNAME: '${{ secrets.SF_DEVHUB_USERNAME }}',
      SF_CONSUMER_KEY: '${{ secrets.SF_CONSUMER_KEY }}',
      SF_JWT_KEY: '${{ secrets.SF_JWT_KEY }}',
    });
    expect(login.run).toContain('--set-default-dev-hub');
    const lines = runs('release.yml');
    expect(lines.indexOf(login.run!)).toBeLessThan(
      lines.findIndex((l) => l.startsWith('npx nome package version create')),
    );
    // The links reach the run summary through $GITHUB_STEP_SUMMARY, which `nome package version create` appends to.
    expect(
      lines.some((l) => l.startsWith('npx nome package version create') && l.includes('--installation-key-bypass')),
    ).toBe(true);
  });

  test('promotion is manual and takes the version as an input passed through the environment', () => {
    const promote = workflows['promote.yml']!;
    expect(promote.on.workflow_dispatch.inputs.version.required).toBe(true);
    const step = steps('promote.yml').find((s) => s.run?.startsWith('npx nome package version promote'))!;
    expect(step.env).toEqual({ VERSION: '${{ inputs.version }}' });
    expect(step.run).not.toContain('${{');
  });
});
