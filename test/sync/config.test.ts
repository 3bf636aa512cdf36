import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, getEnvironment, loadSyncConfig, parseSyncConfig } from '../../scripts/sync/config.ts';

const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
};

describe('sync configuration', () => {
  it('the example config in config/ is valid and defaults the schedule to 07:00 UTC daily', () => {
    const config = loadSyncConfig('config/sync.config.json', path.resolve(import.meta.dirname, '../..'));
    expect(Object.keys(config.environments).sort()).toEqual(['production', 'sandbox']);
    expect(config.environments.production!.schedule).toBe('0 7 * * *');
    expect(config.environments.sandbox!.selection).toBe('linked');
    expect(config.environments.production!.options.bulkThreshold).toBe(1000);
  });

  it('names the file and the path of every bad value', () => {
    const error = (() => {
      try {
        parseSyncConfig(
          {
            environments: {
              prod: {
                targetOrg: 'p',
                selection: 'some',
                schedule: '61 * * * *',
                options: { maxApiShare: 2, bogus: 1 },
              },
            },
          },
          'config/x.json',
        );
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    expect(error.message).toContain('config/x.json');
    expect(error.issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining([
        'environments.prod.selection',
        'environments.prod.schedule',
        'environments.prod.options.maxApiShare',
        'environments.prod.options',
      ]),
    );
  });

  it('refuses secrets in the file', () => {
    const issues = issuesOf(() =>
      parseSyncConfig({ environments: { prod: { targetOrg: 'p', accessToken: 'abc' } } }, 'c.json'),
    );
    expect(issues[0]).toMatch(/^environments\.prod\.accessToken: secrets do not belong/);
  });

  it('needs a target for each environment, and names unknown environments', () => {
    expect(issuesOf(() => parseSyncConfig({ environments: { prod: {} } }, 'c.json'))[0]).toMatch(
      /^environments\.prod: needs targetOrg/,
    );
    const config = parseSyncConfig({ environments: { prod: { targetOrg: 'p' } } }, 'c.json');
    expect(issuesOf(() => getEnvironment(config, 'staging', 'c.json'))[0]).toContain('known: prod');
  });

  it('reports unreadable and non-JSON files by name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nome-config-'));
    writeFileSync(path.join(dir, 'broken.json'), '{ nope');
    expect(issuesOf(() => loadSyncConfig('broken.json', dir))[0]).toMatch(/is not JSON/);
    expect(issuesOf(() => loadSyncConfig('absent.json', dir))[0]).toMatch(/cannot be read: ENOENT/);
  });
});
