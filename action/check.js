/**
 * The check step of the GitHub Action (action.yml): turns the action's inputs
 * into a `cts-audit check` command line, runs it, and hands the results to
 * the steps after it. It never fails the step itself: the exit code goes to
 * the step output `exit-code`, and the action's last step decides.
 *
 * Inputs come from the environment (a composite action passes them
 * explicitly): INPUT_PATHS, INPUT_TABLES, INPUT_REGIONS, INPUT_WAIVERS,
 * INPUT_FORMATS, INPUT_ARGS, INPUT_OUTPUT_DIR; REPORT_URL (the run, for a
 * shortened Markdown report to point to); CTS_AUDIT_CLI (the built
 * executable); GITHUB_OUTPUT and GITHUB_STEP_SUMMARY (files, as on GitHub).
 *
 * Outputs: exit-code, passed, report-dir, and the path of each report written
 * (markdown, sarif, json, html, junit, text), empty when not written.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { appendFileSync, existsSync, mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The report files, by format; the Markdown report is always written (summary and comment). */
const FILE_OF = {
  markdown: 'cts-audit.md',
  sarif: 'cts-audit.sarif',
  json: 'cts-audit.json',
  html: 'cts-audit.html',
  junit: 'cts-audit.junit.xml',
  text: 'cts-audit.txt',
};

/** A list input: one item per line, or several on one line separated by spaces. */
function list(value) {
  const lines = String(value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length === 1 ? lines[0].split(/\s+/) : lines;
}

/** Splits extra arguments as a shell splits words: spaces separate them, '...' and "..." (with \" and \\) group; nothing is expanded. */
function words(value) {
  const out = [];
  const text = String(value ?? '');
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      inWord = true;
      i = end < 0 ? text.length : end;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) word += text[i] === '\\' && /["\\]/.test(text[i + 1] ?? '') ? text[++i] : text[i];
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/**
 * The reports to write and where: the Markdown report always, then each
 * format asked for once (`markdown` again is ignored). An unknown format is
 * passed on, for the checker to refuse with exit code 2.
 */
function reports(formats, dir) {
  const asked = [...new Set(list(formats).map((f) => f.toLowerCase()))].filter((f) => f !== 'markdown');
  return [
    { format: 'markdown', file: join(dir, FILE_OF.markdown) },
    ...asked.map((format) => ({ format, file: join(dir, FILE_OF[format] ?? `cts-audit.${format}`) })),
  ];
}

/** The `cts-audit` command line for the action's inputs. */
function commandLine(inputs) {
  const dir = inputs.outputDir || 'cts-audit';
  const argv = ['check', ...list(inputs.paths || 'cdktf.out')];
  for (const t of list(inputs.tables)) argv.push('--table', t);
  for (const r of list(inputs.regions)) argv.push('--region', r);
  if (String(inputs.waivers ?? '').trim() !== '') argv.push('--waivers', String(inputs.waivers).trim());
  // The text report goes to the log.
  argv.push('--format', 'text');
  for (const r of reports(inputs.formats, dir)) argv.push('--format', r.format, '--output', r.file);
  if (inputs.reportUrl) argv.push('--report-url', inputs.reportUrl);
  argv.push(...words(inputs.args));
  return argv;
}

/** The action's inputs from the environment. */
function inputsFromEnv(env) {
  return {
    paths: env.INPUT_PATHS,
    tables: env.INPUT_TABLES,
    regions: env.INPUT_REGIONS,
    waivers: env.INPUT_WAIVERS,
    formats: env.INPUT_FORMATS,
    args: env.INPUT_ARGS,
    outputDir: env.INPUT_OUTPUT_DIR,
    reportUrl: env.REPORT_URL,
  };
}

/** Appends `name=value` lines to a GitHub output file (values here never hold a newline). */
function setOutputs(file, outputs) {
  if (!file) return;
  appendFileSync(
    file,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${String(v).replace(/[\r\n]/g, ' ')}\n`)
      .join(''),
  );
}

/** Runs the check; returns the exit code of cts-audit (the step itself always succeeds). */
function main(env = process.env) {
  const inputs = inputsFromEnv(env);
  const dir = inputs.outputDir || 'cts-audit';
  mkdirSync(dir, { recursive: true });
  const argv = commandLine(inputs);
  process.stdout.write(`cts-audit ${argv.map((a) => (/^[\w./:=@,+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}\n`);
  const r = spawnSync(process.execPath, [env.CTS_AUDIT_CLI || 'cts-audit', ...argv], { stdio: 'inherit', env });
  const code = r.status ?? 2;
  const written = Object.fromEntries(reports(inputs.formats, dir).map((x) => [x.format, existsSync(x.file) ? x.file : '']));
  setOutputs(env.GITHUB_OUTPUT, {
    'exit-code': code,
    passed: code === 0,
    'report-dir': dir,
    ...Object.fromEntries(Object.keys(FILE_OF).map((f) => [f, written[f] ?? ''])),
  });
  if (env.GITHUB_STEP_SUMMARY) {
    const summary = written.markdown
      ? readFileSync(written.markdown, 'utf8')
      : `## ⚠️ cts-audit could not run (exit ${code})\n\nBad usage or unreadable input: see the one-line error in the log of this step.\n`;
    appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  }
  return code;
}

module.exports = { commandLine, inputsFromEnv, list, words, reports, main, FILE_OF };

if (require.main === module) main();
