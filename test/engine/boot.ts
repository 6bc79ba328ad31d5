// Builds a real session (bootstrap, real SDK client) against the fake server, in a temp project, for engine tests.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { bootstrap, type Bootstrapped } from '../../src/cli/bootstrap';
import type { EngineEvent } from '../../src/engine/events';
import { startFakeServer } from '../../src/fake-server/server';
import { TrustStore } from '../../src/trust/store';
import type { FakeServer, FakeServerOptions } from '../../src/fake-server/types';
import { makeTestTempDir } from '../support/temp-dirs';

export interface EngineRig {
  boot: Bootstrapped;
  server: FakeServer;
  project: string;
  home: string;
  events: EngineEvent[];
  close(): Promise<void>;
}

export async function engineRig(args: string[], serverOpts: FakeServerOptions, opts: { interactive?: boolean; setup?: (project: string) => void; trusted?: boolean } = {}): Promise<EngineRig> {
  const root = makeTestTempDir('tandem-engine-');
  const project = join(root, 'project');
  const home = join(root, 'home');
  mkdirSync(project, { recursive: true });
  mkdirSync(home, { recursive: true });
  opts.setup?.(project);
  // The temp project is trusted (as after a yes to the trust question) unless the test is about trust.
  if (opts.trusted !== false) TrustStore.forHome(join(home, '.tandem')).trust(project);
  const server = await startFakeServer(serverOpts);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TANDEM_HOME: join(home, '.tandem'),
    ANTHROPIC_API_KEY: 'sk-ant-engine-test',
    ANTHROPIC_BASE_URL: server.url,
  };
  const boot = await bootstrap(parseArgs(args), { interactive: opts.interactive ?? true, env, cwd: project });
  const events: EngineEvent[] = [];
  boot.session.subscribe((e) => events.push(e));
  return {
    boot,
    server,
    project,
    home,
    events,
    close: async () => {
      await boot.close();
      await server.close();
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // a git child of the checkpoints may still be writing
    },
  };
}

/** Answers every permission prompt with `decide` (default: yes once). */
export function autoApprove(rig: EngineRig, decide: (e: Extract<EngineEvent, { type: 'permission_request' }>) => Parameters<Bootstrapped['session']['respond']>[1] = () => ({ type: 'once' })): void {
  rig.boot.session.subscribe((event) => {
    if (event.type === 'permission_request') setImmediate(() => rig.boot.session.respond(event.requestId, decide(event)));
  });
}
