// The frontmatter fields tandem understands and their types. Unknown keys pass through (kept, ignored).
// Soft checks (unknown tools, colors, model aliases) are warnings made in parse.ts, not schema failures.
import { z } from 'zod';

export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions', 'dontAsk'] as const;

const missingOr = (missing: string, wrong: string) => (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? missing : wrong;

const requiredText = (example: string) =>
  z
    .string({ error: missingOr(`is missing: add a line such as \`${example}\` between the --- lines`, 'must be text') })
    .trim()
    .min(1, { error: `is empty: write it after the colon, as in \`${example}\`` });

const toolList = z
  .union([z.string(), z.array(z.string())], {
    error: 'must be tool names, either comma-separated (`tools: Read, Grep`) or a YAML list',
  })
  .nullish();

const positiveInteger = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'must be a whole number above 0, such as `maxTurns: 20`' })
    .int({ error: 'must be a whole number above 0, such as `maxTurns: 20`' })
    .positive({ error: 'must be a whole number above 0, such as `maxTurns: 20`' }),
);

export const agentFrontmatterSchema = z
  .object({
    name: requiredText('name: code-reviewer'),
    description: requiredText('description: Reviews diffs for bugs; use after each change'),
    tools: toolList,
    disallowedTools: toolList,
    model: z
      .string({ error: 'must be text: an alias (sonnet, opus, haiku, fable, inherit) or a full model id' })
      .nullish(),
    // `auto` is Claude Code's classifier mode; tandem has none and reads it as "the session's mode" (parse.ts).
    permissionMode: z.enum([...PERMISSION_MODES, 'auto'], { error: `must be one of ${PERMISSION_MODES.join(', ')}, auto` }).nullish(),
    maxTurns: positiveInteger.nullish(),
  })
  .loose();

export type AgentFrontmatter = z.infer<typeof agentFrontmatterSchema>;

/** Fields in the order problems are reported: the first one found is the one the user fixes first. */
const FIELD_ORDER = ['name', 'description', 'tools', 'disallowedTools', 'model', 'permissionMode', 'maxTurns'];

export function validateFrontmatter(
  data: Record<string, unknown>,
): { ok: true; value: AgentFrontmatter } | { ok: false; issues: Array<{ field: string; message: string }> } {
  const r = agentFrontmatterSchema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  const issues = r.error.issues.map((i) => ({ field: String(i.path[0] ?? 'frontmatter'), message: i.message }));
  issues.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return { ok: false, issues };
}
