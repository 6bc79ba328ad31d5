export const EDIT_DESCRIPTION = `Replaces exact text in a file.

- Read the file yourself first (reads by other agents do not count); the edit is refused if the file changed on disk since you read it (another agent, the user or a command changed it): read it again then.
- old_string must match the file exactly, indentation included. Copy it from the Read output without the line-number prefix (the number and the tab before each line).
- old_string must match exactly one place unless replace_all is true: add surrounding lines to make it unique. Use replace_all to rename something everywhere in the file.
- old_string and new_string must differ.
- An empty old_string creates a new file containing new_string.
- The file keeps its encoding (UTF-8, a byte order mark, UTF-16, Latin-1, Windows-1252), the line ending of every line the edit does not touch, its permissions, owner and hard links; new lines use the file's usual ending. Files whose encoding cannot be kept (Shift-JIS, GBK...) are refused.`;

export const MULTI_EDIT_DESCRIPTION = `Makes several replacements in one file in a single step: all succeed or none is written.

- Each entry in edits works like Edit (old_string, new_string, replace_all) and is applied in order to the result of the previous ones, so later edits must match the text as the earlier ones left it.
- Read the file yourself first (reads by other agents do not count); the change is refused if the file changed on disk since you read it.
- If any edit fails, the error names it (1-based) and the file is left unchanged.
- To create a file, make the first edit's old_string empty; its new_string becomes the content.
- Prefer this over several Edit calls on the same file.`;
