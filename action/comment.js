/**
 * The pull-request comment of the GitHub Action, run by actions/github-script:
 * one comment per pull request, found by the hidden marker the Markdown
 * report starts with, created the first time and updated on every push
 * after. When the check could not run (exit 2: no report), the comment says
 * so and points to the run.
 *
 * `await require(PATH)({ github, context, core, markdown, exitCode, runUrl })`
 */
'use strict';
const { Buffer } = require('node:buffer');
const { existsSync, readFileSync } = require('node:fs');

/** The first line of the Markdown report (lib/report/markdown.ts), which marks the comment as ours. */
const MARKER = '<!-- cts-audit-report -->';
/** GitHub refuses longer comments; the report fits by construction, this guards against anything else. */
const LIMIT = 65536;

/** The body to post: the report, or why there is none. */
function body({ markdown, exitCode, runUrl }) {
  let text;
  if (markdown && existsSync(markdown)) {
    text = readFileSync(markdown, 'utf8');
  } else {
    text =
      `${MARKER}\n## ⚠️ cts-audit could not run (exit ${exitCode || 'none'})\n\n` +
      `Bad usage or unreadable input, or an earlier step failed: see the log of ${runUrl ? `[this run](${runUrl})` : 'this run'}.\n`;
  }
  if (!text.startsWith(MARKER)) text = `${MARKER}\n${text}`;
  if (Buffer.byteLength(text, 'utf8') > LIMIT) {
    const note = `\n\n… cut to fit GitHub's comment limit: the full report is in ${runUrl ? `the [job summary](${runUrl})` : 'the job summary'}.\n`;
    text = `${Buffer.from(text, 'utf8')
      .subarray(0, LIMIT - 1000)
      .toString('utf8')
      .replace(/\uFFFD$/, '')}${note}`;
  }
  return text;
}

/** Creates the comment, or updates the one a bot made before with the marker. Returns what it did. */
async function comment({ github, context, core, markdown, exitCode, runUrl }) {
  const text = body({ markdown, exitCode, runUrl });
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const previous = comments.find((c) => c.user && c.user.type === 'Bot' && (c.body || '').startsWith(MARKER));
  if (previous) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body: text });
    if (core) core.info(`cts-audit: updated comment ${previous.id}`);
    return { updated: previous.id };
  }
  const created = await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
  if (core) core.info(`cts-audit: created comment ${created && created.data ? created.data.id : ''}`);
  return { created: true };
}

module.exports = comment;
module.exports.body = body;
module.exports.MARKER = MARKER;
