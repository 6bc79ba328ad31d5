// Slash commands that reach past the UI into the session's services: /permissions, /rewind, /compact,
// /memory, /init, /cost. The UI lists and runs them through its extension point.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { doctorReportFromBoot, formatDoctorReport } from './doctor-command';
import { runPermissionsCommand } from './permissions-command';
import { staleMcpToolWarnings } from '../agents/mcp-tools-check';
import { draftAgentsMd } from '../session/init-draft';
import { loadMemory } from '../session/memory';
import { memoryReadLimits } from '../session/memory-read-guard';
import type { Bootstrapped } from './bootstrap';
import { createRewindApi } from './rewind';
import { sandboxOf } from '../sandbox/controller';
import { runSandboxCommand } from '../sandbox/command';
import { UNTRUSTED_SAVED_ALLOW_NOTE } from '../trust/gate';

export interface ExtraCommand {
  name: string;
  description: string;
  argumentHint?: string;
  run: (args: string) => Promise<string | void>;
}

export function extraCommands(boot: Bootstrapped): ExtraCommand[] {
  const { session, locations } = boot;
  const policy = () => boot.policy;
  const rewind = createRewindApi(boot);

  return [
    {
      name: 'permissions',
      description: 'list the permission rules in force and where each was written; /permissions remove RULE drops a session rule; /permissions keep RULE saves it to .tandem/settings.local.json',
      argumentHint: '[remove RULE | keep RULE]',
      run: (args) =>
        runPermissionsCommand(args, {
          policy: policy(),
          transcript: boot.transcript,
          projectRoot: locations.projectRoot,
          mode: () => session.info().mode,
          modeSource: boot.modeChoice.source,
          ruleIssues: boot.ruleIssues,
          managedFiles: new Set(boot.settings.sources.filter((s) => s.level === 'managed').map((s) => s.path)),
          ...(boot.trust.trusted ? {} : { savedAllowNote: UNTRUSTED_SAVED_ALLOW_NOTE }),
          permissionWarnings: [...boot.settings.problems.filter((p) => p.key?.startsWith('permissions')).map((p) => p.message), ...boot.modeChoice.notices],
        }),
    },
    {
      name: 'sandbox',
      description: 'whether Bash runs in the OS sandbox, what is missing, the boundary; /sandbox on|off for this project',
      argumentHint: '[on | off]',
      run: async (args) => {
        const controller = sandboxOf(session.sessionStoreMap);
        return controller ? runSandboxCommand(args, { controller, projectRoot: locations.projectRoot }) : 'The sandbox is not set up in this session.';
      },
    },
    {
      name: 'doctor',
      description: 'settings files, permission rules with their sources, hooks, MCP servers, the mode, and every warning',
      run: async () => formatDoctorReport(doctorReportFromBoot(boot, session.info().mode, sandboxOf(session.sessionStoreMap))),
    },
    {
      name: 'rewind',
      description: "list this session's turns and the files each changed; /rewind N [files|conversation|both] [--yes] restores to before turn N",
      argumentHint: '[N [files|conversation|both] [--yes]]',
      run: async (args) => {
        const words = args.trim().split(/\s+/).filter(Boolean);
        const yes = words.includes('--yes');
        const [n, what = 'both'] = words.filter((w) => w !== '--yes');
        if (!n) {
          const lines = (await rewind.turns()).map((t) => {
            const files = t.files.length ? t.files.map((f) => `${f.path} +${f.added} -${f.removed}`).join(', ') : 'no file changes';
            return `${String(t.turn).padStart(3)}. ${t.time.slice(11, 19)}  ${t.prompt.slice(0, 60)}  [${files}]`;
          });
          return lines.length ? `Turns of this session:\n${lines.join('\n')}\nRestore with /rewind N [files|conversation|both]` : 'No turns yet.';
        }
        if (what !== 'both' && what !== 'files' && what !== 'conversation') return 'say files, conversation or both';
        const turn = Number(n);
        if (what !== 'conversation' && !yes) {
          const files = (await rewind.plan(turn)).map((f) => `  ${f.status.padEnd(8)} ${f.path}`).join('\n') || '  (no file differs)';
          return `Restoring files to before turn ${turn} changes:\n${files}\nRun /rewind ${turn} ${what} --yes to do it (the current state is saved first, so it can be undone).`;
        }
        return rewind.restore(turn, what);
      },
    },
    {
      name: 'mcp',
      description: 'MCP servers and their state; /mcp restart NAME; /mcp approve NAME starts a project server',
      argumentHint: '[restart NAME | approve NAME]',
      run: async (args) => {
        const [verb, name] = args.trim().split(/\s+/);
        const { manager, awaiting, approvals } = boot.mcp;
        if (verb === 'restart' && name) {
          await manager.restart(name);
          return `restarting ${name}…`;
        }
        if (verb === 'approve' && name) {
          const server = awaiting.find((s) => s.name === name);
          if (!server) return `no project server ${name} is waiting for approval`;
          approvals.approve(locations.projectRoot, server);
          manager.addServer(server);
          return `approved ${name}: starting it (its tools arrive with the next request)`;
        }
        const rows = manager.status().map((s) => `${s.state.padEnd(9)} ${s.name} (${s.transport}, ${s.toolCount} tools)${s.error ? `\n          ${s.error}` : ''}`);
        for (const s of awaiting) rows.push(`awaiting  ${s.name}: project server not approved yet; /mcp approve ${s.name}`);
        for (const w of staleMcpToolWarnings(session.currentAgent, (n) => manager.serverToolNames(n))) rows.push(`warning   ${w}`);
        return rows.length ? rows.join('\n') : 'No MCP servers configured (.mcp.json or mcpServers in settings).';
      },
    },
    {
      name: 'compact',
      description: 'summarise the conversation to free context (optionally: what to focus on)',
      argumentHint: '[focus]',
      run: async (args) => ((await session.compactNow(args.trim() || undefined)) ? undefined : 'Nothing to compact yet.'),
    },
    {
      name: 'memory',
      description: 'show which memory files (AGENTS.md, CLAUDE.md) are loaded',
      run: async () => {
        const memory = await loadMemory({ cwd: locations.cwd, projectRoot: locations.projectRoot, tandemHome: locations.tandemHome, homeDir: locations.homeDir, limits: memoryReadLimits(boot.policy, locations.projectRoot, boot.trust.settings.sandbox) });
        // Refused imports (a secret, a Read deny rule) and other problems are listed too: they explain a missing file.
        const notes = memory.warnings.map((w) => `warning  ${w}`);
        if (memory.files.length === 0) return ['No memory files. /init drafts an AGENTS.md for this project.', ...notes].join('\n');
        return [...memory.files.map((f) => `${f.scope.padEnd(8)} ${f.path} (${f.chars} chars)`), ...notes].join('\n');
      },
    },
    {
      name: 'init',
      description: 'draft an AGENTS.md for this project',
      run: async () => {
        const target = join(locations.projectRoot, 'AGENTS.md');
        if (existsSync(target)) return `${target} already exists; edit it, or ask the agent to improve it.`;
        writeFileSync(target, await draftAgentsMd(locations.projectRoot));
        return `Wrote ${target}. It is read into the system prompt from the next session on (and after /compact).`;
      },
    },
    {
      name: 'cost',
      description: 'tokens and dollars of this session, by model and by agent',
      run: async () => boot.costs.summary(),
    },
  ];
}
