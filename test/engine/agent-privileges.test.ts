// Agent files narrow what a (sub)agent may do, never widen it: permissionMode in an agent file applies only when it
// is at least as strict as the session's mode, through Task, /agent (switchAgent) and --agent alike.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import type { LoggedRequest } from '../../src/fake-server/types';
import { atLeastAsStrict, narrowedMode } from '../../src/permissions/mode-order';
import { engineRig, type EngineRig } from './boot';

const isAgent = (name: string) => (req: LoggedRequest) => JSON.stringify(req.body?.system ?? '').includes(`running as the agent \\"${name}\\"`);

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function agentFile(project: string, name: string, mode: string): void {
  mkdirSync(join(project, '.tandem', 'agents'), { recursive: true });
  writeFileSync(join(project, '.tandem', 'agents', `${name}.md`), `---\nname: ${name}\ndescription: ${name} agent\npermissionMode: ${mode}\n---\nYou are ${name}.\n`);
}

describe('strictness order', () => {
  it('plan > dontAsk > default > acceptEdits > bypassPermissions; unknown modes never narrow', () => {
    expect(atLeastAsStrict('plan', 'default')).toBe(true);
    expect(atLeastAsStrict('dontAsk', 'default')).toBe(true);
    expect(atLeastAsStrict('plan', 'dontAsk')).toBe(true);
    expect(atLeastAsStrict('acceptEdits', 'default')).toBe(false);
    expect(atLeastAsStrict('bypassPermissions', 'acceptEdits')).toBe(false);
    expect(atLeastAsStrict('bypassPermissions', 'bypassPermissions')).toBe(true);
    expect(narrowedMode('default', 'bypassPermissions')).toBe('default');
    expect(narrowedMode('default', 'acceptEdits')).toBe('default');
    expect(narrowedMode('plan', 'acceptEdits')).toBe('plan');
    expect(narrowedMode('acceptEdits', 'plan')).toBe('plan');
    expect(narrowedMode('bypassPermissions', 'bypassPermissions')).toBe('bypassPermissions');
    // A mode this build does not know (another tandem's `auto`): never taken, and in force it counts as default.
    expect(narrowedMode('default', 'auto')).toBe('default');
    expect(narrowedMode('auto', 'acceptEdits')).toBe('auto');
    expect(narrowedMode('auto', 'plan')).toBe('plan');
    expect(narrowedMode('default', 'constructor')).toBe('default');
    expect(narrowedMode('default', 'toString')).toBe('default');
  });
});

describe('agent files raise no privileges', () => {
  it('a bypassPermissions subagent started with Task in a default session still asks before Bash', async () => {
    rig = await engineRig(
      [],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Do it', prompt: 'touch a file', subagent_type: 'yolo' } }] },
          { match: isAgent('yolo'), content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch pwned' } }] },
          { match: isAgent('yolo'), text: 'done' },
          { match: isAgent('general-purpose'), text: 'finished' },
        ],
      },
      { setup: (p) => agentFile(p, 'yolo', 'bypassPermissions') },
    );
    const asked: Array<Extract<EngineEvent, { type: 'permission_request' }>> = [];
    rig.boot.session.subscribe((e) => {
      if (e.type === 'permission_request') {
        asked.push(e);
        setImmediate(() => rig!.boot.session.respond(e.requestId, { type: 'deny' }));
      }
    });
    await rig.boot.session.send('go');
    expect(asked.map((a) => a.toolName)).toEqual(['Bash']);
    expect(asked[0]!.speaker.agent).toBe('yolo');
    expect(existsSync(join(rig.project, 'pwned'))).toBe(false);
  });

  it('an acceptEdits subagent in a plan session stays in plan mode (its Write is refused)', async () => {
    rig = await engineRig(
      ['--permission-mode', 'plan'],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Do it', prompt: 'write', subagent_type: 'editor' } }] },
          { match: isAgent('editor'), content: [{ type: 'tool_use', name: 'Write', input: { file_path: 'x.txt', content: 'x' } }] },
          { match: isAgent('editor'), text: 'done' },
          { match: isAgent('general-purpose'), text: 'finished' },
        ],
      },
      { setup: (p) => agentFile(p, 'editor', 'acceptEdits') },
    );
    await rig.boot.session.send('go');
    expect(existsSync(join(rig.project, 'x.txt'))).toBe(false);
    const sub = rig.server.requests.filter(isAgent('editor'));
    expect(JSON.stringify(sub[1]!.body.messages)).toMatch(/plan mode/);
  });

  it('a plan subagent in a default session runs in plan mode (narrowing applies)', async () => {
    rig = await engineRig(
      [],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Plan', prompt: 'plan', subagent_type: 'planner' } }] },
          { match: isAgent('planner'), content: [{ type: 'tool_use', name: 'Bash', input: { command: 'touch nope' } }] },
          { match: isAgent('planner'), text: 'done' },
          { match: isAgent('general-purpose'), text: 'finished' },
        ],
      },
      { setup: (p) => agentFile(p, 'planner', 'plan') },
    );
    await rig.boot.session.send('go');
    const sub = rig.server.requests.filter(isAgent('planner'));
    expect(JSON.stringify(sub[1]!.body.messages)).toMatch(/plan mode/);
  });

  it('/agent to a bypassPermissions agent does not switch the session to bypass; to a plan agent it narrows', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] }, {
      setup: (p) => {
        agentFile(p, 'yolo', 'bypassPermissions');
        agentFile(p, 'editor', 'acceptEdits');
        agentFile(p, 'planner', 'plan');
      },
    });
    const session = rig.boot.session;
    session.switchAgent('yolo');
    expect(session.info().mode).toBe('default');
    session.switchAgent('editor');
    expect(session.info().mode).toBe('default');
    session.switchAgent('planner');
    expect(session.info().mode).toBe('plan');
    session.switchAgent('yolo');
    expect(session.info().mode).toBe('plan');
  });

  it('--agent with a bypassPermissions agent starts in the session mode, not bypass', async () => {
    rig = await engineRig(['--agent', 'yolo'], { turns: [{ text: 'ok' }] }, { setup: (p) => agentFile(p, 'yolo', 'bypassPermissions') });
    expect(rig.boot.session.info().agent.name).toBe('yolo');
    expect(rig.boot.session.info().mode).toBe('default');
  });

  it('bypassPermissions reached mid-session (/mode) passes the root check too', async () => {
    rig = await engineRig([], { turns: [{ text: 'ok' }] });
    rig.boot.session.setMode('bypassPermissions');
    const root = process.getuid?.() === 0;
    expect(rig.boot.session.info().mode).toBe(root ? 'default' : 'bypassPermissions');
    if (root) expect(rig.events.some((e) => e.type === 'notice' && /refused when running as root/.test(e.message))).toBe(true);
  });
});

describe('disableBypassPermissionsMode mid-session', () => {
  let rig2: EngineRig | undefined;
  afterEach(async () => {
    await rig2?.close();
    rig2 = undefined;
  });

  it('/mode bypassPermissions is refused with a message naming the file; the mode shown stays what decides', async () => {
    rig2 = await engineRig([], { turns: [{ text: 'ok' }] }, {
      setup: (p) => {
        mkdirSync(join(p, '.claude'), { recursive: true });
        writeFileSync(join(p, '.claude', 'settings.json'), JSON.stringify({ permissions: { disableBypassPermissionsMode: 'disable' } }));
      },
    });
    rig2.boot.session.setMode('acceptEdits');
    rig2.boot.session.setMode('bypassPermissions');
    expect(rig2.boot.session.info().mode).toBe('acceptEdits');
    const notice = rig2.events.find((e) => e.type === 'notice' && /disableBypassPermissionsMode/.test(e.message));
    expect(notice).toBeDefined();
    expect(rig2.events.filter((e) => e.type === 'mode_changed').at(-1)).toEqual({ type: 'mode_changed', mode: 'acceptEdits' });
  });
});

describe('a subagent in a dontAsk session', () => {
  let rig3: EngineRig | undefined;
  afterEach(async () => {
    await rig3?.close();
    rig3 = undefined;
  });

  it('a plan-mode subagent does not bring prompts back: what would ask is denied', async () => {
    rig3 = await engineRig(
      ['--permission-mode', 'dontAsk'],
      {
        turns: [
          { match: isAgent('general-purpose'), content: [{ type: 'tool_use', name: 'Task', input: { description: 'Look', prompt: 'fetch it', subagent_type: 'planner' } }] },
          { match: isAgent('planner'), content: [{ type: 'tool_use', name: 'WebFetch', input: { url: 'http://127.0.0.1:9/x', prompt: 'read' } }] },
          { match: isAgent('planner'), text: 'done' },
          { match: isAgent('general-purpose'), text: 'finished' },
        ],
      },
      { setup: (p) => agentFile(p, 'planner', 'plan') },
    );
    let prompted = false;
    rig3.boot.session.subscribe((e) => {
      if (e.type === 'permission_request') {
        prompted = true;
        rig3!.boot.session.respond(e.requestId, { type: 'deny' });
      }
    });
    await rig3.boot.session.send('go');
    expect(prompted).toBe(false);
    expect(JSON.stringify(rig3.server.requests.filter(isAgent('planner'))[1]!.body.messages)).toMatch(/dontAsk mode denies/);
  });

  it('/agent to a plan agent (and --agent) keeps the session from prompting: plan narrows, dontAsk stays', async () => {
    for (const args of [['--permission-mode', 'dontAsk'], ['--permission-mode', 'dontAsk', '--agent', 'planner']]) {
      rig3 = await engineRig(
        args,
        { turns: [{ content: [{ type: 'tool_use', name: 'WebFetch', input: { url: 'http://127.0.0.1:9/x', prompt: 'read' } }] }, { text: 'done' }] },
        { setup: (p) => agentFile(p, 'planner', 'plan') },
      );
      const session = rig3.boot.session;
      if (!args.includes('--agent')) session.switchAgent('planner');
      expect(session.info().mode).toBe('plan');
      let prompted = false;
      session.subscribe((e) => {
        if (e.type === 'permission_request') {
          prompted = true;
          session.respond(e.requestId, { type: 'deny' });
        }
      });
      await session.send('go');
      expect(prompted).toBe(false);
      expect(JSON.stringify(rig3.server.requests.at(-1)!.body.messages)).toMatch(/dontAsk mode denies/);
      await rig3.close();
      rig3 = undefined;
    }
  });
});
