// End-to-end test of the web UI in headless Chromium (Debian's, driven by playwright-core):
// against a running `marsad serve` over examples/corpus, the map shows event markers, brushing
// the timeline filters the list, an event page shows two outlets' conflicting figures side by
// side, and a clitic form finds its document. Screenshots of each page
// go to the folder given as the second argument.
//
//   node crates/web/e2e/e2e.mjs http://127.0.0.1:8080 target/e2e-screenshots

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const shots = process.argv[3] ?? "target/e2e-screenshots";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

const profile = mkdtempSync(join(tmpdir(), "marsad-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
// Anything the page reports as an error (a script failure, a Content-Security-Policy
// violation, a file that did not load) fails the run.
const problems = [];
context.on("page", watch);
function watch(page) {
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("request", (r) => { if (!r.url().startsWith(base)) problems.push(`request off this server: ${r.url()}`); });
}

try {
  const page = context.pages()[0] ?? await context.newPage();
  if (context.pages().length === 1) watch(page);

  // 1. The map shows event markers.
  await page.goto(`${base}/`);
  await page.waitForSelector("#explore[data-ready=true]", { timeout: 15000 });
  const markers = await page.locator(".ev-marker, .ev-cluster").count();
  check(markers > 0, `the map shows event markers (${markers})`);
  const baseMap = await page.locator(".leaflet-overlay-pane path").count();
  check(baseMap >= 2, `the base map draws country outlines (${baseMap})`);
  await page.screenshot({ path: join(shots, "map.png"), fullPage: true });

  // 2. Brushing the timeline filters the list.
  const before = await page.locator("#event-list li.event-item").count();
  const datesBefore = await page.locator("#event-list li.event-item").evaluateAll((items) => items.map((i) => i.dataset.start).filter(Boolean));
  const over = await page.locator("#timeline .u-over").boundingBox();
  check(over !== null, "the timeline is drawn");
  if (over) {
    // Drag across the first third of the timeline: the earliest reports, not the latest.
    const y = over.y + over.height / 2;
    await page.mouse.move(over.x + 2, y);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.2, y, { steps: 5 });
    await page.mouse.move(over.x + over.width * 0.4, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction((n) => document.querySelectorAll("#event-list li.event-item").length !== n && document.querySelector("#range button"), before, { timeout: 10000 }).catch(() => {});
    const after = await page.locator("#event-list li.event-item").count();
    const range = (await page.locator("#range").innerText()).split("–").map((s) => s.trim().slice(0, 10));
    const dates = await page.locator("#event-list li.event-item").evaluateAll((items) => items.map((i) => i.dataset.start));
    check(after > 0 && after < before, `brushing the timeline filters the list (${before} → ${after} events, ${range.join(" to ")})`);
    check(dates.every((d) => d && d <= range[1]), "every listed event starts on or before the brushed range's end");
    check(datesBefore.some((d) => d > range[1]), "events after the range were there before brushing");
    const markersAfter = await page.locator(".ev-marker, .ev-cluster").count();
    check(markersAfter > 0, `the map still shows the brushed events (${markersAfter})`);
    await page.screenshot({ path: join(shots, "timeline-brushed.png"), fullPage: true });
  }

  // 3. An event page shows two outlets' conflicting figures side by side.
  const found = await (await page.request.get(`${base}/api/events?view=merged&has_contradiction=true`)).json();
  check(found.total > 0, `the API lists merged events with contradictions (${found.total})`);
  const id = found.items[0]?.id;
  await page.goto(`${base}/events/${id}`);
  const columns = page.locator(".claims-col");
  const outlets = await columns.locator(".outlet").allInnerTexts();
  const figures = await columns.locator(".claim-figure .figure").allInnerTexts();
  check(new Set(outlets).size >= 2, `event ${id} shows claims from ${new Set(outlets).size} outlets side by side: ${outlets.join(", ")}`);
  check(new Set(figures).size >= 2, `with different figures: ${figures.join(", ")}`);
  const boxes = await columns.evaluateAll((cols) => cols.slice(0, 2).map((c) => c.getBoundingClientRect().top));
  check(boxes.length === 2 && Math.abs(boxes[0] - boxes[1]) < 2, "the first two outlets' columns sit on one row");
  check(await page.locator(".sentence mark").count() > 0, "each figure is marked in its sentence");
  await page.screenshot({ path: join(shots, "event.png"), fullPage: true });

  // The same page in Arabic, right to left.
  await page.goto(`${base}/lang/ar?next=/events/${id}`);
  check(await page.locator("html").getAttribute("dir") === "rtl", "the Arabic interface is right to left");
  await page.screenshot({ path: join(shots, "event-ar.png"), fullPage: true });
  await page.goto(`${base}/`);
  await page.waitForSelector("#explore[data-ready=true]", { timeout: 15000 });
  await page.screenshot({ path: join(shots, "map-ar.png"), fullPage: true });
  await page.goto(`${base}/lang/en?next=/contradictions`);
  await page.screenshot({ path: join(shots, "contradictions.png"), fullPage: true });
  const docId = found.items[0]?.docs?.[0];
  await page.goto(`${base}/documents/${docId}`);
  check(await page.locator(".doc-text mark").count() > 0, `document ${docId} shows its mentions highlighted`);
  await page.screenshot({ path: join(shots, "document.png"), fullPage: true });
  await page.goto(`${base}/stories/s1`);
  await page.screenshot({ path: join(shots, "story.png"), fullPage: true });

  // 4. Search for a clitic form finds the document: the corpus writes عفرين bare, so وعفرين
  // only matches through the Arabic analysis, and the snippet marks the word as written.
  await page.goto(`${base}/search?q=${encodeURIComponent("وعفرين")}`);
  const hits = await page.locator(".search-hit").count();
  check(hits > 0, `searching a clitic form (وعفرين) finds documents about عفرين (${hits})`);
  const marks = await page.locator(".search-hit .snippet mark").allTextContents();
  check(marks.includes("عفرين"), `the snippets mark عفرين as written (${marks.slice(0, 5).join(", ")})`);
  const firstHit = await page.locator(".search-hit h2 a").first().getAttribute("href");
  check(/^\/documents\/d\d+$/.test(firstHit ?? ""), `a hit links to its document (${firstHit})`);
  await page.screenshot({ path: join(shots, "search.png"), fullPage: true });
  await page.goto(`${base}/lang/ar?next=${encodeURIComponent("/search?q=وعفرين&in=all")}`);
  check(await page.locator(".search-hit").count() > 0, "the Arabic search page lists hits too");
  await page.screenshot({ path: join(shots, "search-ar.png"), fullPage: true });
  await page.goto(`${base}/lang/en?next=/`);

  check(problems.length === 0, `no page errors, CSP violations or outside requests${problems.length ? ":\n  " + problems.join("\n  ") : ""}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`${failures.length} end-to-end check(s) failed`);
  process.exit(1);
}
console.log(`all end-to-end checks passed; screenshots in ${shots}`);
