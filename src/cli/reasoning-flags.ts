// --thinking, --max-thinking-tokens and --effort as one reasoning choice. --thinking wins over a token count, as the
// SDK's `thinking` option wins over its deprecated `maxThinkingTokens`.
import { thinkingFromFlag, thinkingFromTokens, type ReasoningChoice } from '../model/reasoning';
import type { CliOptions } from './args';

export function reasoningChoiceFromFlags(cli: Pick<CliOptions, 'thinking' | 'maxThinkingTokens' | 'effort'>): ReasoningChoice {
  const choice: ReasoningChoice = {};
  const thinking = cli.thinking !== undefined ? thinkingFromFlag(cli.thinking) : cli.maxThinkingTokens !== undefined ? thinkingFromTokens(cli.maxThinkingTokens) : null;
  if (thinking) choice.thinking = thinking;
  if (cli.effort) choice.effort = cli.effort;
  return choice;
}
