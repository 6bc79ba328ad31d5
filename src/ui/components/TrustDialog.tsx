// The first question in a folder tandem has not been trusted in: may the project's own hooks, MCP servers and
// allow rules be used? Shown before the session is built, so nothing from the folder has run yet.
import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { TrustAnswer, TrustQuestion } from '../../trust/question';
import { bold, cyan, dim, gray, yellow } from '../theme/ansi';
import { sanitizeLine } from '../../text/sanitize';

// The folder name and every listed item come from the repository: shown through the one sanitiser (sanitizeLine).

export interface TrustDialogProps {
  question: TrustQuestion;
  width: number;
  onAnswer: (answer: TrustAnswer) => void;
}

const CHOICES: Array<{ answer: TrustAnswer; label: string }> = [
  { answer: 'trust', label: 'Yes, trust this folder' },
  { answer: 'untrusted', label: 'No, continue without trusting it' },
];
/** Lines of project content listed before "+N more". */
const MAX_CONTENT_LINES = 8;

export function TrustDialog({ question, width, onAnswer }: TrustDialogProps): React.JSX.Element {
  const [selected, setSelectedState] = useState(0);
  // Keys can arrive faster than React re-renders.
  const ref = useRef({ selected: 0, answered: false });
  const setSelected = (n: number) => setSelectedState((ref.current.selected = n));
  const answer = (a: TrustAnswer) => {
    if (ref.current.answered) return;
    ref.current.answered = true;
    onAnswer(a);
  };

  useInput((input, key) => {
    if (key.ctrl && (input === 'c' || input === 'd')) return answer('quit');
    if (key.escape) return answer('untrusted');
    if (key.upArrow) return setSelected(Math.max(0, ref.current.selected - 1));
    if (key.downArrow || key.tab) return setSelected(Math.min(CHOICES.length - 1, ref.current.selected + 1));
    if (key.return) return answer(CHOICES[ref.current.selected]!.answer);
    if (input === '1' || input === 'y' || input === 'Y') return answer('trust');
    if (input === '2' || input === 'n' || input === 'N') return answer('untrusted');
  });

  const shown = question.content.slice(0, MAX_CONTENT_LINES);
  const more = question.content.length - shown.length;
  const lines = [
    bold('Do you trust the files in this folder?'),
    `  ${cyan(sanitizeLine(question.folder))}`,
    '',
    ...(question.content.length > 0
      ? [
          'Once trusted, tandem uses what this project ships, which can run commands on this computer:',
          ...shown.map((l) => `  • ${sanitizeLine(l)}`),
          ...(more > 0 ? [gray(`  +${more} more`)] : []),
        ]
      : ['This project ships no hooks, MCP servers or allow rules now; trusting it lets tandem use them if they are added.']),
    dim('Untrusted, tandem still works here but runs none of the project\'s hooks or MCP servers, and of its'),
    dim('permission rules uses only deny and ask. Trust only folders whose contents you know.'),
    '',
    ...CHOICES.map((c, i) => (i === selected ? `${cyan('❯')} ${i + 1}. ${c.label}` : `  ${i + 1}. ${c.label}`)),
    gray('Enter to choose · Esc: no · ctrl+c: quit · /trust or `tandem trust` trusts it later'),
  ];
  return (
    <Box borderStyle="round" borderColor="yellow" flexDirection="column" paddingX={1} width={Math.max(20, width)}>
      <Text>{yellow('Folder trust')}</Text>
      <Text>{lines.join('\n')}</Text>
    </Box>
  );
}
