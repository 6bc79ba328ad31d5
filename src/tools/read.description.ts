export const READ_DESCRIPTION = `Reads a file from the local filesystem and shows its contents with line numbers.

- file_path may be absolute or relative to the working directory.
- Text files come back with numbered lines: the line number, a tab, then the line (a file that ends with a line break shows an empty last line). The number and tab are not part of the file: leave them out when you quote text in Edit's old_string.
- At most 2,000 lines are shown per call, starting at line \`offset\` (1-based, default 1). When more lines follow, the result says which offset to use next; pass \`limit\` to read fewer or more lines.
- Lines longer than 2,000 characters are cut and marked.
- PNG, JPEG, GIF and WebP images are shown to you as images.
- Jupyter notebooks (.ipynb) are shown cell by cell with their outputs.
- Directories cannot be read: use LS to list them.
- Reading a file is required before you Edit or Write over it; you may read several files in parallel.`;
