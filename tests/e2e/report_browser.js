// Opens an HTML report in headless Chromium over the DevTools protocol (a
// pipe: --remote-debugging-pipe, fds 3 and 4), with the network off, and
// prints what the report tests check as one JSON object:
//   node report_browser.js FILE SCREENSHOT.png [QUERY]
// errors: console errors, exceptions, log entries of level error (CSP
// violations among them) and failed requests; then the page's state, and
// the state after sorting by score ascending and filtering by a category.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [file, shot, query = ""] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tg-chromium-"));
const chrome = spawn(process.env.CHROMIUM || "chromium", [
  "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
  "--no-first-run", "--no-default-browser-check", "--disable-extensions",
  "--disable-background-networking", "--disable-sync", "--user-data-dir=" + profile,
  "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
chrome.stderr.on("data", () => {});
const out = chrome.stdio[3], inp = chrome.stdio[4];
let id = 0, buf = "";
const waiting = new Map(), listeners = [];
inp.on("data", (d) => {
  buf += d.toString("utf8");
  let i;
  while ((i = buf.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (msg.id && waiting.has(msg.id)) {
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      msg.error ? w.reject(new Error(JSON.stringify(msg.error))) : w.resolve(msg.result);
    } else if (msg.method) {
      listeners.forEach((l) => l(msg));
    }
  }
});
function send(method, params = {}, sessionId) {
  const m = { id: ++id, method, params };
  if (sessionId) m.sessionId = sessionId;
  out.write(JSON.stringify(m) + "\0");
  return new Promise((resolve, reject) => waiting.set(m.id, { resolve, reject }));
}
function once(method, timeout) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("timeout waiting for " + method)), timeout);
    listeners.push((m) => { if (m.method === method) { clearTimeout(t); resolve(m); } });
  });
}

async function main() {
  const errors = [];
  listeners.push((m) => {
    if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "warning"))
      errors.push("console: " + m.params.args.map((a) => a.value).join(" "));
    if (m.method === "Runtime.exceptionThrown")
      errors.push("exception: " + JSON.stringify(m.params.exceptionDetails.text));
    if (m.method === "Log.entryAdded" && m.params.entry.level === "error")
      errors.push("log: " + m.params.entry.text);
    if (m.method === "Network.loadingFailed")
      errors.push("request failed: " + m.params.errorText);
  });
  const { targetInfos } = await send("Target.getTargets");
  const page = targetInfos.find((t) => t.type === "page");
  const { sessionId: s } = await send("Target.attachToTarget", { targetId: page.targetId, flatten: true });
  for (const d of ["Runtime", "Log", "Network", "Page"]) await send(d + ".enable", {}, s);
  await send("Network.emulateNetworkConditions",
    { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }, s);
  await send("Emulation.setDeviceMetricsOverride",
    { width: 1200, height: 1600, deviceScaleFactor: 1, mobile: false }, s);
  const url = "file://" + path.resolve(file) + query;
  const t0 = Date.now();
  const loaded = once("Page.loadEventFired", +(process.env.TG_LOAD_TIMEOUT_MS || 60000));
  await send("Page.navigate", { url }, s);
  await loaded;
  const evalJs = async (e) => (await send("Runtime.evaluate", { expression: e, returnByValue: true, awaitPromise: true }, s)).result.value;
  // the table is drawn by the load handler's script, before the event
  await evalJs("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))");
  const loadMs = Date.now() - t0;
  const state = `({title: document.title,
    shown: (document.getElementById("tg-shown") || {}).textContent,
    rows: document.querySelectorAll("#rows tr.row").length,
    scores: [...document.querySelectorAll("#rows tr.row td:first-child")].map(t => +t.textContent),
    cats: [...document.querySelectorAll("#rows tr.row td:nth-child(3)")].map(t => t.textContent),
    svgs: [...document.querySelectorAll("svg.chart")].map(v => ({id: v.id, children: v.childElementCount})),
    imgs: document.images.length, injected: document.querySelectorAll("main img, main b").length})`;
  // the page's own marks, from navigation start: its first rows drawn, all rows read
  const marks = await evalJs(`Object.fromEntries(performance.getEntriesByType("mark")
    .map(m => [m.name, Math.round(m.startTime)]))`);
  const result = { loadMs, marks, rowsInDom: await evalJs("document.querySelectorAll('tr').length"), initial: await evalJs(state) };
  const png = await send("Page.captureScreenshot", { format: "png", captureBeyondViewport: false }, s);
  fs.writeFileSync(shot, Buffer.from(png.data, "base64"));
  await evalJs(`(document.querySelector('#items th[data-key="score"]') || document.body).click()`);
  result.ascending = await evalJs(state);
  await evalJs(`(() => { const r = document.querySelector("#rows tr.row"); if (r) r.click(); })()`);
  result.explain = await evalJs(`(document.querySelector("#rows pre.explain") || {}).textContent || ""`);
  await evalJs(`(() => { const c = document.getElementById("f-cat"); if (!c) return;
    const o = [...c.options].find(o => o.textContent === ${JSON.stringify(process.env.TG_FILTER_CATEGORY || "debt")});
    if (o) { c.value = o.value; c.dispatchEvent(new Event("change")); } })()`);
  result.filtered = await evalJs(state);
  result.errors = errors;
  console.log(JSON.stringify(result));
}

function finish(code) {
  chrome.on("exit", () => {
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch (e) { /* left for the OS */ }
    process.exit(code);
  });
  chrome.kill();
}
main().then(() => finish(0), (e) => { console.error(e.message); finish(1); });
