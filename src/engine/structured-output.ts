// Structured output (`--json-schema`): the main agent ends its turn by calling a StructuredOutput tool whose input
// schema is the caller's schema, as Claude Code does. The call is checked here against the schema: a mismatch goes
// back to the model as an error result it can correct, a match ends the turn with the value as the result. The tool
// exists only for the main agent of a turn with a schema (never in the registry, so no subagent sees it).
import type { ToolResultBlock, ToolSpec, ToolUseBlock } from '../model/types';
import type { Speaker } from './events';
import type { EngineServices } from './services';

export const STRUCTURED_OUTPUT_TOOL = 'StructuredOutput';

/** Calls with a wrong answer the model gets before the turn fails (Claude Code's limit). */
export const STRUCTURED_OUTPUT_ATTEMPTS = 5;

export interface StructuredOutputSpec {
  /** The JSON Schema the answer must match (an object schema: a tool's input is an object). */
  schema: Record<string, unknown>;
  /** null when the value matches; else what does not, in words the model can act on. */
  check(value: unknown): string | null;
}

const DESCRIPTION =
  'Give your final answer through this tool, as input that follows its schema exactly. Call it once, when your ' +
  'work is finished; your turn ends when the answer is accepted. If it is refused, read why, fix the input and call it again.';

/** Sent when the model ends its turn without the tool (once; a second time fails the turn). */
export const STRUCTURED_OUTPUT_REMINDER =
  `This request needs its answer through the ${STRUCTURED_OUTPUT_TOOL} tool. Call ${STRUCTURED_OUTPUT_TOOL} now with your final answer, following its schema.`;

/** One turn's progress toward a valid answer. */
export class StructuredOutputTurn {
  /** The accepted answer, once there is one. */
  accepted: { value: Record<string, unknown> } | undefined;
  failures = 0;
  lastProblem = '';
  reminded = false;

  constructor(private readonly spec: StructuredOutputSpec) {}

  toolSpec(): ToolSpec {
    return { name: STRUCTURED_OUTPUT_TOOL, description: DESCRIPTION, input_schema: this.spec.schema };
  }

  owns(call: ToolUseBlock): boolean {
    return call.name === STRUCTURED_OUTPUT_TOOL;
  }

  /** Checks one call and answers it; the events say what happened, as for any tool. */
  run(call: ToolUseBlock, speaker: Speaker, services: Pick<EngineServices, 'emit'>): ToolResultBlock {
    services.emit({ type: 'tool_call', speaker, callId: call.id, name: call.name, input: call.input });
    // A second answer after one was accepted is not checked again: the first one stands.
    const problem = this.accepted ? null : this.spec.check(call.input);
    let result: ToolResultBlock;
    let summary: string;
    if (problem === null) {
      this.accepted ??= { value: call.input };
      result = { type: 'tool_result', tool_use_id: call.id, content: 'Structured output accepted.', is_error: false };
      summary = 'structured output accepted';
    } else {
      this.failures++;
      this.lastProblem = problem;
      result = { type: 'tool_result', tool_use_id: call.id, content: `The output does not match the required schema: ${problem}`, is_error: true };
      summary = 'output does not match the schema';
    }
    services.emit({ type: 'tool_state', speaker, callId: call.id, state: problem === null ? 'done' : 'error', summary });
    services.emit({ type: 'tool_result', speaker, callId: call.id, name: call.name, result, summary });
    return result;
  }

  exhausted(): boolean {
    return this.failures >= STRUCTURED_OUTPUT_ATTEMPTS;
  }

  exhaustedMessage(): string {
    return `no valid structured output after ${this.failures} attempts; the last one: ${this.lastProblem}`;
  }
}
