// Project servers need the user's approval once; a changed configuration asks again.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { McpApprovalStore, partitionByApproval, unapprovedNotice } from '../../src/mcp/approvals';
import { loadMcpConfig } from '../../src/mcp/config';
import { tempDir } from './helpers';

function writeMcpJson(root: string, servers: Record<string, unknown>) {
  fs.writeFileSync(path.join(root, '.mcp.json'), JSON.stringify({ mcpServers: servers }));
}

describe('MCP approvals', () => {
  it('keeps project servers waiting until approved, and asks again when their config changes', () => {
    const root = tempDir();
    const home = tempDir();
    const store = McpApprovalStore.forHome(home);
    writeMcpJson(root, { tools: { command: 'node', args: ['a.js'] }, other: { command: 'x' } });
    let config = loadMcpConfig({ projectRoot: root, env: {} });
    let parts = partitionByApproval(config.servers, store, root);
    expect(parts.ready).toEqual([]);
    expect(parts.awaiting.map((s) => s.name)).toEqual(['tools', 'other']);

    store.approve(root, config.servers[0]!);
    store.deny(root, config.servers[1]!);
    expect(fs.existsSync(path.join(home, 'mcp-approvals.json'))).toBe(true);
    // A fresh store reads the file: the decision survives the session.
    parts = partitionByApproval(config.servers, McpApprovalStore.forHome(home), root);
    expect(parts.ready.map((s) => s.name)).toEqual(['tools']);
    expect(parts.denied.map((s) => s.name)).toEqual(['other']);

    writeMcpJson(root, { tools: { command: 'node', args: ['evil.js'] }, other: { command: 'x' } });
    config = loadMcpConfig({ projectRoot: root, env: {} });
    parts = partitionByApproval(config.servers, store, root);
    expect(parts.awaiting.map((s) => s.name)).toEqual(['tools']);
    expect(parts.denied.map((s) => s.name)).toEqual(['other']);
  });

  it('is keyed by project: the same server elsewhere asks again', () => {
    const home = tempDir();
    const store = McpApprovalStore.forHome(home);
    const a = tempDir();
    const b = tempDir();
    writeMcpJson(a, { s: { command: 'x' } });
    writeMcpJson(b, { s: { command: 'x' } });
    store.approve(a, loadMcpConfig({ projectRoot: a, env: {} }).servers[0]!);
    expect(partitionByApproval(loadMcpConfig({ projectRoot: b, env: {} }).servers, store, b).awaiting).toHaveLength(1);
  });

  it('never asks for user-level servers', () => {
    const store = McpApprovalStore.forHome(tempDir());
    const user = { name: 'u', scope: 'user' as const, file: 'f', configHash: 'h', transport: 'stdio' as const, command: 'x', args: [], env: {} };
    expect(partitionByApproval([user], store, tempDir()).ready).toEqual([user]);
  });

  it('tells headless users how to approve', () => {
    const root = tempDir();
    writeMcpJson(root, { one: { command: 'x' } });
    const notice = unapprovedNotice(loadMcpConfig({ projectRoot: root, env: {} }).servers);
    expect(notice).toContain('"one"');
    expect(notice).toContain('tandem mcp approve one');
    expect(unapprovedNotice([])).toBeUndefined();
  });

  it('treats a corrupt approvals file as nothing approved', () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'mcp-approvals.json'), '{broken');
    const store = McpApprovalStore.forHome(home);
    expect(store.decision('/p', { name: 's', configHash: 'h' })).toBeUndefined();
    store.approve('/p', { name: 's', configHash: 'h' });
    expect(store.decision('/p', { name: 's', configHash: 'h' })).toBe('approved');
  });
});
