/**
 * Escaping for text from the web or the user (a topic, a model name) shown where the Temporal UI renders
 * Markdown: a run's summary and details. The UI renders CommonMark, drops raw HTML and images, and fills in
 * `{namespace}`, `{workflowId}` and `{runId}` before rendering. Pure.
 */

/**
 * Makes `text` render exactly as typed, on one line: no link, emphasis, code, heading, list, quote, HTML,
 * entity or UI template. Runs of spaces and line breaks become one space (as Markdown would show them), and
 * none is left at either end (where a space would undo the bold the details wrap the topic in).
 * Markup characters are backslash-escaped wherever they stand; block markers only at the start, where alone
 * they mean something, so ordinary text ("solid-state batteries 2.0", "C# vs F#") stays readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\t\n\v\f\r ]+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&{}|~]/g, '\\$&')
    .replace(/^[#+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
