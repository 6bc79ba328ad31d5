// The sandbox block of the settings: what is read, what is reported, and that nothing unreadable widens it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBoundary, denyReadPathOfRule } from '../../src/sandbox/boundary';
import { mergeSandboxBlocks, parseSandboxSettings, DEFAULT_SANDBOX_SETTINGS } from '../../src/sandbox/settings';
import { makeTempDir } from '../tools/other/context';
import fs from 'node:fs';

describe('sandbox settings', () => {
  it('reads Claude Code keys with their defaults', () => {
    const { settings, warnings } = parseSandboxSettings({
      enabled: true,
      excludedCommands: ['docker:*'],
      network: { allowedDomains: ['registry.npmjs.org', '*.GitHub.com'], allowLocalBinding: true },
      filesystem: { allowWrite: ['~/.cache'], denyRead: ['~/secrets'] },
    });
    expect(warnings).toEqual([]);
    expect(settings).toMatchObject({ enabled: true, autoAllowBashIfSandboxed: true, allowUnsandboxedCommands: true, failIfUnavailable: false, excludedCommands: ['docker:*'] });
    expect(settings.network).toEqual({ allowedDomains: ['registry.npmjs.org', '*.github.com'], deniedDomains: [], allowLocalBinding: true });
  });

  it('fails closed on values it cannot read', () => {
    const { settings, warnings } = parseSandboxSettings({
      enabled: 'yes',
      autoAllowBashIfSandboxed: 'sure',
      allowUnsandboxedCommands: 1,
      failIfUnavailable: 'maybe',
      network: { allowedDomains: ['https://evil.com/x', 'ok.com', 7, '*'] },
      filesystem: 'everything',
      mystery: true,
    });
    expect(settings.enabled).toBe(false);
    expect(settings.autoAllowBashIfSandboxed).toBe(false);
    expect(settings.allowUnsandboxedCommands).toBe(false);
    expect(settings.failIfUnavailable).toBe(true);
    expect(settings.network.allowedDomains).toEqual(['ok.com']);
    expect(settings.filesystem).toEqual(DEFAULT_SANDBOX_SETTINGS.filesystem);
    expect(warnings.join('\n')).toMatch(/sandbox.enabled: must be true or false/);
    expect(warnings.join('\n')).toMatch(/"https:\/\/evil.com\/x" is not a host name/);
    expect(warnings.join('\n')).toMatch(/sandbox.mystery: unknown key/);
    expect(parseSandboxSettings('on').settings.enabled).toBe(false);
  });

  it('merges files key by key and joins lists, so turning it on in a project keeps the user\'s lists', () => {
    const user = { network: { allowedDomains: ['a.com'], deniedDomains: ['bad.com'] }, filesystem: { denyRead: ['~/x'] } };
    const local = { enabled: true, network: { allowedDomains: ['b.com'] } };
    const merged = parseSandboxSettings(mergeSandboxBlocks(user, local)).settings;
    expect(merged.enabled).toBe(true);
    expect(merged.network.allowedDomains).toEqual(['a.com', 'b.com']);
    expect(merged.network.deniedDomains).toEqual(['bad.com']);
    expect(merged.filesystem.denyRead).toEqual(['~/x']);
  });
});

describe('the resolved boundary', () => {
  it('resolves every path through the one resolver (symlinks, .., ~) and denies secrets by default', () => {
    const root = makeTempDir('tandem-sbx-b-');
    const project = path.join(root, 'p');
    const real = path.join(root, 'real-extra');
    fs.mkdirSync(project);
    fs.mkdirSync(real);
    fs.symlinkSync(real, path.join(root, 'extra-link'));
    const { settings } = parseSandboxSettings({ filesystem: { allowWrite: ['../extra-link'], denyRead: ['~/vault'] } });
    const b = computeBoundary({ projectRoot: project, additionalDirectories: [], homeDir: root, tandemHome: path.join(root, '.tandem'), tempDir: path.join(root, 'tmp'), settings, readDenySpecifiers: ['./.env', '~/notes/**', '*.pem'] });
    expect(b.writable).toEqual([project, path.join(root, 'tmp'), real]);
    expect(b.denyRead).toEqual(expect.arrayContaining([path.join(root, '.ssh'), path.join(root, '.aws'), path.join(root, '.gnupg'), path.join(root, '.config/gcloud'), path.join(root, '.tandem'), path.join(project, '.env'), path.join(root, 'notes'), path.join(project, '**/*.pem'), path.join(root, 'vault')]));
    expect(b.denyWrite).toEqual(expect.arrayContaining([path.join(project, '.tandem'), path.join(project, '.claude/settings.json'), path.join(project, '.claude/settings.local.json'), path.join(root, '.tandem')]));
  });

  it('turns a Read rule through a symlinked folder into the real path', () => {
    const root = makeTempDir('tandem-sbx-c-');
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    expect(denyReadPathOfRule('./alias/key', root, root)).toBe(path.join(root, 'real', 'key'));
  });
});
