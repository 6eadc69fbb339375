/**
 * The HTML report in a real browser (Debian's chromium, headless): it loads
 * with no request but its own file and no console message, the grid and the
 * causes render with their statuses in words, and it prints to PDF. The
 * page, a full-page screenshot and the PDF are kept in reports/html/ for
 * people to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Verdict } from '../../lib/evaluate/verdict';
import { groupCauses } from '../../lib/report/fold';
import { html } from '../../lib/report/html';
import { coverageMatrix } from '../../lib/report/common';
import { type Browser, launchBrowser } from './browser';
import { liveFleet, startFleetEmulator, stopFleetEmulator } from './fleet';
import { mixed } from './sample-verdicts';
import { expectEvery } from '../support/every';

const OUT = join(__dirname, '../../reports/html');
const CHECKED_AT = '2026-11-25T12:00:00.000Z';

let browser: Browser;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  await startFleetEmulator();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    await stopFleetEmulator();
  }
});

interface Rendered {
  requests: string[];
  console: string[];
  title: string;
  gridRows: Array<{ place: string; statuses: string[]; symbols: string[]; visible: boolean }>;
  gridHeadersWithoutScope: number;
  events: string[];
  cellBackgrounds: Record<string, string>;
  causes: Array<{ status: string; where: string; cause: string; height: number }>;
  sections: string[];
  elementsThatLoad: number;
  printNavDisplay: string;
  pdf: Buffer;
}

/** Writes the page, opens it, and reads what rendered; keeps a screenshot and the PDF. */
async function render(name: string, verdict: Verdict): Promise<Rendered> {
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html(verdict, { color: false, checkedAt: CHECKED_AT }));
  const url = pathToFileURL(file).href;
  const page = await browser.open(url);
  const read = await page.evaluate<Omit<Rendered, 'requests' | 'console' | 'printNavDisplay' | 'pdf'>>(`(() => {
    const grid = document.querySelector('table.grid');
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const rows = [...grid.querySelectorAll('tbody tr')].map((tr) => ({
      place: tr.querySelector('th').textContent,
      statuses: [...tr.querySelectorAll('td.cell')].map((td) => td.querySelector('.sr').textContent),
      symbols: [...tr.querySelectorAll('td.cell')].map((td) => td.querySelector('[aria-hidden]').textContent),
      visible: [...tr.querySelectorAll('td.cell')].every(visible),
    }));
    const backgrounds = {};
    for (const td of grid.querySelectorAll('td.cell')) backgrounds[td.querySelector('.sr').textContent] = getComputedStyle(td).backgroundColor;
    return {
      title: document.title,
      gridRows: rows,
      gridHeadersWithoutScope: [...grid.querySelectorAll('th')].filter((th) => !th.getAttribute('scope')).length,
      events: [...grid.querySelectorAll('thead th.event')].map((th) => th.textContent),
      cellBackgrounds: backgrounds,
      causes: [...document.querySelectorAll('table.causes tbody tr')].map((tr) => ({
        status: tr.cells[0].querySelector('.badge').textContent,
        where: tr.querySelector('th').textContent,
        cause: tr.cells[2].textContent,
        height: tr.getBoundingClientRect().height,
      })),
      sections: [...document.querySelectorAll('main section h2')].map((h) => h.textContent),
      elementsThatLoad: document.querySelectorAll('script, link, img, iframe, object, embed, video, audio, source').length,
    };
  })()`);

  // A screenshot of the whole page, as it shows on a screen 1280 pixels wide.
  const height = await page.evaluate<number>('Math.ceil(document.documentElement.scrollHeight)');
  await page.send('Emulation.setDeviceMetricsOverride', {
    width: 1280,
    height: Math.min(height, 16000),
    deviceScaleFactor: 1,
    mobile: false,
  });
  const shot = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
  writeFileSync(join(OUT, `${name}.png`), Buffer.from(shot.data, 'base64'));

  // Printed: navigation hidden, and a PDF.
  await page.send('Emulation.setEmulatedMedia', { media: 'print' });
  const printNavDisplay = await page.evaluate<string>(`getComputedStyle(document.querySelector('nav')).display`);
  const printed = await page.send<{ data: string }>('Page.printToPDF', { printBackground: true, preferCSSPageSize: true });
  const pdf = Buffer.from(printed.data, 'base64');
  writeFileSync(join(OUT, `${name}.pdf`), pdf);
  return { ...read, requests: [...page.requests], console: [...page.console], printNavDisplay, pdf };
}

/** What the verdict says each place's events are, in the grid's order. */
function expectedGrid(verdict: Verdict): Array<{ place: string; statuses: string[] }> {
  const rows = coverageMatrix(verdict).tables.flatMap((t) => t.resourceTypes.flatMap((g) => g.rows));
  const places = [...new Set(verdict.events.map((e) => e.region))];
  return places.map((place) => ({ place, statuses: rows.map((r) => r.cells.get(place)?.status ?? '') }));
}

test('a fleet read live: the page loads nothing, and its grid and causes render with every status in words', async () => {
  const { verdict } = await liveFleet({ regions: 8 });
  const r = await render('fleet-8', verdict);
  expect(r.requests).toEqual([pathToFileURL(join(OUT, 'fleet-8.html')).href]);
  expect(r.console).toEqual([]);
  expect(r.elementsThatLoad).toBe(0);
  expect(r.title).toBe('cts-audit evidence: FAIL (2026-11-25 12:00:00 UTC)');
  expect(r.sections).toEqual(['Inputs', 'Tables', 'Coverage', 'Causes', 'Findings', 'Waivers']);

  // The grid: one row per place, one cell per event, each visible, each status said in words and by a symbol.
  expect(r.gridRows.map(({ place, statuses }) => ({ place, statuses }))).toEqual(expectedGrid(verdict));
  expectEvery(r.gridRows, (row) => row.visible, 'grid row');
  expect(r.events).toHaveLength(22);
  expect(r.gridHeadersWithoutScope).toBe(0);
  const symbolOf = new Map<string, Set<string>>();
  for (const row of r.gridRows) row.statuses.forEach((s, i) => symbolOf.set(s, new Set([...(symbolOf.get(s) ?? []), row.symbols[i]])));
  expect(Object.fromEntries([...symbolOf].map(([s, symbols]) => [s, [...symbols]]))).toEqual({
    covered: ['✓'],
    uncovered: ['✗'],
    unknown: ['?'],
  });
  // Colour too: each status its own background.
  expect(new Set(Object.values(r.cellBackgrounds)).size).toBe(Object.keys(r.cellBackgrounds).length);

  // The causes: one row per group, worst first, rendered.
  const groups = groupCauses(verdict).filter((g) => g.status !== 'waived');
  expect(r.causes.map((c) => [c.status.replace(/^\W+/, ''), c.where])).toEqual(groups.map((g) => [g.status, g.places.join('')]));
  expectEvery(r.causes, (c) => c.height > 0, 'cause');
  expect(r.causes[0].cause).toContain('no enabled notification in ap-southeast-1 sends it to a subscribed topic');

  // Printed: the navigation goes, and the PDF has pages.
  expect(r.printNavDisplay).toBe('none');
  expect(r.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect((r.pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(2);
}, 60_000);

test('every part of a verdict renders: inputs with their SHA-256, table sources, findings and waivers', async () => {
  const r = await render('mixed', mixed);
  expect(r.requests).toHaveLength(1);
  expect(r.console).toEqual([]);
  expect(r.gridRows.map(({ place, statuses }) => ({ place, statuses }))).toEqual(expectedGrid(mixed));
  const text = await (async () => {
    const page = await browser.open(pathToFileURL(join(OUT, 'mixed.html')).href);
    return page.evaluate<Record<string, string>>(`(() => {
      const t = (sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText).join('\\n');
      return { inputs: t('#inputs table'), tables: t('#tables table'), findings: t('#findings table'), waivers: t('#waivers table') };
    })()`);
  })();
  for (const input of mixed.inputs) for (const f of input.files ?? []) expect(text.inputs).toContain(f.sha256);
  expect(text.tables).toContain('https://support.huaweicloud.com/intl/en-us/devtool-modelarts/devtool-modelarts_03033.html');
  expect(text.findings).toContain('tracker-kms-encryption');
  expect(text.waivers).toContain('W-001\t2026-12-31\tTag listing is audited by the TMS team (ticket SEC-1234).');
  expect(text.waivers).toContain('W-002\t2026-09-30');
}, 60_000);
