// ExitPlanMode: in plan mode the agent researches and then presents a plan; the user's approval (asked by the
// permission layer before run) ends plan mode so the agent may start changing things.
import { z } from 'zod';
import { defineTool } from './types';

const inputSchema = z
  .object({
    plan: z.string().min(1).describe('The plan to present for approval, in markdown. Concise, with concrete steps.'),
  })
  .strict();

export const exitPlanModeTool = defineTool({
  name: 'ExitPlanMode',
  description: [
    'Use in plan mode, once you have finished researching and are ready to make changes: presents your plan to the',
    'user for approval. If approved, plan mode ends and you can start implementing. Only for tasks that change code,',
    'not for questions or research.',
  ].join(' '),
  inputSchema,
  kind: 'plan',
  isReadOnly: () => true,
  async preview(input) {
    return { kind: 'info', title: 'Exit plan mode', detail: input.plan };
  },
  async run(input, ctx) {
    const previousMode = ctx.permissionMode.get();
    if (previousMode === 'plan') ctx.permissionMode.set('default');
    return {
      forModel: 'The user approved your plan. Plan mode is over: you can now start making the changes, following the plan.',
      summary: 'Plan approved',
      display: input.plan,
      details: { plan: input.plan, previousMode },
    };
  },
});
