// The map page: a clustered map of events, a timeline whose brushed range filters the map and
// the list, and the list itself, all drawn from the JSON API. Article text is only ever set
// with textContent, never parsed as HTML.

const root = document.getElementById("explore");
const words = JSON.parse(root.dataset.ui);
const t = (key) => words[key] ?? key;
const form = document.getElementById("filters");
const list = document.getElementById("event-list");
const count = document.getElementById("count");
const rangeLabel = document.getElementById("range");

const TYPE_CLASS = {
  "Battles": "t-battles",
  "Explosions/Remote violence": "t-explosions",
  "Violence against civilians": "t-violence",
  "Protests": "t-protests",
  "Riots": "t-riots",
  "Strategic developments": "t-strategic",
};
const typeClass = (type) => TYPE_CLASS[type] ?? "t-other";

// The date range brushed on the timeline, as YYYY-MM-DD, or null.
let range = null;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function filterParams(withRange) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (String(value).trim() !== "") params.set(name, String(value).trim());
  }
  if (withRange && range) {
    params.set("from", range.from);
    params.set("to", range.to);
  }
  return params;
}

async function getJSON(path, params) {
  const response = await fetch(`${path}?${params}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? response.statusText);
  return body;
}

function showError(error) {
  list.replaceChildren(el("li", "warn", error.message));
}

function figureText(f) {
  if (!f) return null;
  if (f.qualifier === "more_than") return `>${f.low - 1}`;
  if (f.qualifier === "at_least") return `≥${f.low}`;
  if (f.qualifier === "about") return `~${f.low}`;
  if (f.high !== null && f.high !== undefined && f.high !== f.low) return `${f.low}–${f.high}`;
  return String(f.low);
}

function placeName(place) {
  if (!place) return "";
  return root.dataset.lang === "ar" ? (place.ar || place.en) : (place.en || place.ar);
}

// ---- the list
async function drawList() {
  const params = filterParams(true);
  params.set("limit", "200");
  const page = await getJSON("/api/events", params);
  count.textContent = `${page.total} ${t("events_found")}`;
  if (page.items.length === 0) {
    list.replaceChildren(el("li", "muted", t("no_events")));
    return;
  }
  list.replaceChildren(...page.items.map((e) => {
    const item = el("li", "event-item");
    item.dataset.id = e.id;
    item.dataset.start = e.start ?? "";
    item.append(el("i", `dot ${typeClass(e.type)}`));
    const link = el("a", "event-link");
    link.href = `/events/${encodeURIComponent(e.id)}`;
    link.append(el("span", "when", e.start ?? t("undated")), el("span", "what", e.sub_type));
    if (e.place) link.append(el("span", "where", placeName(e.place)));
    const figure = figureText(e.fatalities);
    if (figure) {
      // The figure reads left to right even in Arabic, so that ">10" and "≥6" are not mirrored.
      const killed = el("span", "killed");
      const number = el("bdi", null, figure);
      number.dir = "ltr";
      killed.append(number, ` ${t("killed")}`);
      link.append(killed);
    }
    if (e.contradicted) link.append(el("span", "badge contra", t("contradiction")));
    if (e.docs.length > 1) link.append(el("span", "badge merged", `${e.docs.length} ${t("documents")}`));
    item.append(link);
    if (e.headline) {
      const headline = el("span", "headline", e.headline);
      headline.lang = "ar";
      headline.dir = "rtl";
      item.append(headline);
    }
    return item;
  }));
}

// ---- the map
let map = null;
let cluster = null;

async function setUpMap() {
  if (!window.L) return;
  map = L.map("map", { zoomSnap: 0.5, minZoom: 4, maxZoom: 12, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  map.fitBounds([[29.5, 35.5], [37.4, 48.4]]);
  const base = await (await fetch("/static/vendor/basemap.geojson")).json();
  L.geoJSON(base, {
    style: (f) => ({
      color: "#7d8c96",
      weight: 1,
      fillColor: ["Syria", "Iraq"].includes(f.properties.name) ? "#fbfaf5" : "#ebe8e0",
      fillOpacity: 1,
    }),
    interactive: false,
  }).addTo(map);
  cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: (c) => {
      const n = c.getChildCount();
      const size = n < 10 ? 34 : n < 100 ? 42 : 52;
      const label = el("span", null, n);
      return L.divIcon({ html: label, className: "ev-cluster", iconSize: [size, size] });
    },
  });
  map.addLayer(cluster);
}

function markerFor(p) {
  const size = Math.round(Math.min(44, 12 + 4 * Math.sqrt(p.fatalities ?? 0)));
  const icon = L.divIcon({
    className: `ev-marker ${typeClass(p.type)}${p.contradicted ? " contra" : ""}`,
    iconSize: [size, size],
  });
  const marker = L.marker([p.lat, p.lon], { icon, title: `${p.sub_type} · ${placeName(p.place)}`, keyboard: true });
  const popup = el("div", "popup");
  const link = el("a", "popup-title", `${p.sub_type} · ${placeName(p.place)}`);
  link.href = `/events/${encodeURIComponent(p.id)}`;
  const killed = p.fatalities === null || p.fatalities === undefined ? "" : ` · ${p.fatalities} ${t("killed")}`;
  popup.append(link, el("span", "popup-meta", `${p.start ?? t("undated")}${killed}`));
  marker.bindPopup(popup);
  return marker;
}

async function drawMap() {
  if (!map) return;
  const result = await getJSON("/api/events/points", filterParams(true));
  cluster.clearLayers();
  cluster.addLayers(result.points.map(markerFor));
}

// ---- the timeline
let plot = null;
const DAY = 86400;
const toDay = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);
const toSeconds = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;

function showRange() {
  rangeLabel.replaceChildren();
  if (!range) return;
  rangeLabel.append(`${range.from} – ${range.to}`);
  const clear = el("button", null, t("clear"));
  clear.type = "button";
  clear.addEventListener("click", () => {
    range = null;
    plot?.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    refresh(false);
  });
  rangeLabel.append(clear);
}

async function drawTimeline() {
  const holder = document.getElementById("timeline");
  if (!window.uPlot) return;
  const data = await getJSON("/api/events/timeline", filterParams(false));
  const xs = data.days.map((d) => toSeconds(d.date));
  const ys = data.days.map((d) => d.events);
  plot?.destroy();
  holder.replaceChildren();
  if (xs.length === 0) return;
  const opts = {
    width: Math.max(300, holder.clientWidth),
    height: 170,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true, range: (u, min, max) => [min - 3 * DAY, max + 3 * DAY] }, y: { range: (u, min, max) => [0, Math.max(2, max + 1)] } },
    axes: [{ stroke: "#5f6b7a", grid: { stroke: "#eef1f4" } }, { stroke: "#5f6b7a", grid: { stroke: "#eef1f4" }, size: 36, incrs: [1, 2, 5, 10, 20, 50, 100] }],
    series: [{}, { label: t("events"), stroke: "#0f5e6e", fill: "rgba(15, 94, 110, 0.55)", width: 1, paths: uPlot.paths.bars({ size: [0.9, 14, 4] }), points: { show: false } }],
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const from = u.posToVal(u.select.left, "x");
        const to = u.posToVal(u.select.left + u.select.width, "x");
        range = { from: toDay(from), to: toDay(to) };
        refresh(true);
      }],
    },
  };
  plot = new uPlot(opts, [xs, ys], holder);
}

// ---- putting it together
async function refresh(keepTimeline) {
  try {
    showRange();
    const work = [drawList(), drawMap()];
    if (!keepTimeline) work.push(drawTimeline());
    await Promise.all(work);
    root.dataset.ready = "true";
  } catch (error) {
    showError(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  range = null;
  refresh(false);
});
form.addEventListener("reset", () => {
  range = null;
  setTimeout(() => refresh(false), 0);
});
let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => plot?.setSize({ width: Math.max(300, document.getElementById("timeline").clientWidth), height: 170 }), 150);
});

setUpMap().then(() => refresh(false), showError);
