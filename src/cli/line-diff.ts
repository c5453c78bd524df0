import { createTwoFilesPatch, formatPatch, type StructuredPatchHunk } from 'diff';

/**
 * A unified diff of `before` and `after`, as `createTwoFilesPatch` writes it, in linear time when both have the same
 * number of lines: pinning only changes lines, it does not add or remove them (but for kustomize's `digest:`), so the
 * changed lines are the ones that differ, compared in place. The general diff costs (lines x changes): minutes for a
 * file of 100,000 references.
 */
export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context: number): string {
  const oldLines = linesOf(before);
  const newLines = linesOf(after);
  if (oldLines.length !== newLines.length)
    return createTwoFilesPatch(oldName, newName, before, after, '', '', { context });
  const hunks = hunksOf(changes(oldLines, newLines), context);
  return formatPatch({ oldFileName: oldName, newFileName: newName, oldHeader: '', newHeader: '', hunks });
}

/** Lines with their line breaks, as the diff library splits them. */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

interface Change {
  lines: string[];
  added?: boolean;
  removed?: boolean;
}

/** Runs of equal lines, and each run of differing lines as its removed then its added lines. */
function changes(oldLines: string[], newLines: string[]): Change[] {
  const result: Change[] = [];
  for (let start = 0; start < oldLines.length; ) {
    const same = oldLines[start] === newLines[start];
    let end = start + 1;
    while (end < oldLines.length && (oldLines[end] === newLines[end]) === same) end++;
    if (same) result.push({ lines: oldLines.slice(start, end) });
    else
      result.push(
        { lines: oldLines.slice(start, end), removed: true },
        { lines: newLines.slice(start, end), added: true },
      );
    start = end;
  }
  return result;
}

/** The hunks of `diff`, exactly as the diff library's `structuredPatch` groups them (context lines, merged hunks). */
function hunksOf(diff: Change[], context: number): StructuredPatchHunk[] {
  diff.push({ lines: [] });
  const contextLines = (lines: string[]) => lines.map((line) => ` ${line}`);
  const hunks: StructuredPatchHunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let range: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  diff.forEach((current, index) => {
    const { lines } = current;
    if (current.added || current.removed) {
      if (!oldRangeStart) {
        const previous = diff[index - 1];
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        if (previous) {
          range = context > 0 ? contextLines(previous.lines.slice(-context)) : [];
          oldRangeStart -= range.length;
          newRangeStart -= range.length;
        }
      }
      for (const line of lines) range.push((current.added ? '+' : '-') + line);
      if (current.added) newLine += lines.length;
      else oldLine += lines.length;
      return;
    }
    if (oldRangeStart) {
      if (lines.length <= context * 2 && index < diff.length - 2) {
        range.push(...contextLines(lines));
      } else {
        const contextSize = Math.min(lines.length, context);
        range.push(...contextLines(lines.slice(0, contextSize)));
        hunks.push({
          oldStart: oldRangeStart,
          oldLines: oldLine - oldRangeStart + contextSize,
          newStart: newRangeStart,
          newLines: newLine - newRangeStart + contextSize,
          lines: range,
        });
        oldRangeStart = 0;
        newRangeStart = 0;
        range = [];
      }
    }
    oldLine += lines.length;
    newLine += lines.length;
  });
  for (const hunk of hunks) {
    const lines: string[] = [];
    for (const line of hunk.lines) {
      if (line.endsWith('\n')) lines.push(line.slice(0, -1));
      else lines.push(line, '\\ No newline at end of file');
    }
    hunk.lines = lines;
  }
  return hunks;
}
