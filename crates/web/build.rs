//! Embeds the web UI's files into the binary: the project's own `static/` files, and the
//! front-end libraries installed from the npm registry into `node_modules/` (leaflet,
//! leaflet.markercluster, uPlot), plus a base map derived here from world-atlas's Natural Earth
//! countries, clipped to the region. Nothing is fetched when the server runs.
//!
//! Without `node_modules` (a fresh checkout where `npm ci` has not run) the build still
//! succeeds: each library is replaced by a small placeholder that says how to install it, and
//! `VENDORED` is false so the pages and the tests can say so instead of failing obscurely.

use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// (name served under /static/vendor/, file under node_modules/)
const VENDOR: &[(&str, &str)] = &[
    ("leaflet.js", "leaflet/dist/leaflet.js"),
    ("leaflet.css", "leaflet/dist/leaflet.css"),
    ("images/layers.png", "leaflet/dist/images/layers.png"),
    ("images/layers-2x.png", "leaflet/dist/images/layers-2x.png"),
    ("images/marker-icon.png", "leaflet/dist/images/marker-icon.png"),
    ("images/marker-icon-2x.png", "leaflet/dist/images/marker-icon-2x.png"),
    ("images/marker-shadow.png", "leaflet/dist/images/marker-shadow.png"),
    ("leaflet.markercluster.js", "leaflet.markercluster/dist/leaflet.markercluster.js"),
    ("MarkerCluster.css", "leaflet.markercluster/dist/MarkerCluster.css"),
    ("uPlot.iife.min.js", "uplot/dist/uPlot.iife.min.js"),
    ("uPlot.min.css", "uplot/dist/uPlot.min.css"),
];

/// The world-atlas file the base map is cut from, and the box kept (west, south, east, north):
/// Syria and Iraq with their neighbours' nearby land.
const ATLAS: &str = "world-atlas/countries-50m.json";
const REGION: [f64; 4] = [30.0, 27.5, 52.0, 42.5];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let modules = manifest.join("node_modules");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=node_modules/.package-lock.json");

    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    let static_dir = manifest.join("static");
    let mut own = Vec::new();
    walk(&static_dir, &mut own);
    own.sort();
    for path in own {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.strip_prefix(&static_dir).expect("walked under static").to_string_lossy().replace('\\', "/");
        entries.push((name, path));
    }

    let vendored = VENDOR.iter().all(|(_, file)| modules.join(file).is_file()) && modules.join(ATLAS).is_file();
    let placeholders = out.join("placeholders");
    std::fs::create_dir_all(&placeholders).expect("OUT_DIR is writable");
    for (name, file) in VENDOR {
        let path = if vendored {
            modules.join(file)
        } else {
            let p = placeholders.join(name.replace('/', "_"));
            std::fs::write(&p, placeholder(name)).expect("OUT_DIR is writable");
            p
        };
        entries.push((format!("vendor/{name}"), path));
    }
    let basemap = out.join("basemap.geojson");
    let map = if vendored {
        let atlas = std::fs::read_to_string(modules.join(ATLAS)).expect("world-atlas is readable");
        let atlas: Value = serde_json::from_str(&atlas).expect("world-atlas is JSON");
        serde_json::to_string(&region_map(&atlas)).expect("GeoJSON serializes")
    } else {
        r#"{"type":"FeatureCollection","features":[]}"#.to_string()
    };
    std::fs::write(&basemap, map).expect("OUT_DIR is writable");
    entries.push(("vendor/basemap.geojson".to_string(), basemap));

    let mut code = String::new();
    writeln!(code, "/// Whether the npm libraries were installed when this binary was built.").unwrap();
    writeln!(code, "pub const VENDORED: bool = {vendored};").unwrap();
    writeln!(code, "/// Every embedded file: its path under /static/ and its bytes.").unwrap();
    writeln!(code, "pub static FILES: &[(&str, &[u8])] = &[").unwrap();
    for (name, path) in &entries {
        writeln!(code, "    ({name:?}, include_bytes!({:?})),", path.display().to_string()).unwrap();
    }
    writeln!(code, "];").unwrap();
    std::fs::write(out.join("assets.rs"), code).expect("OUT_DIR is writable");
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn placeholder(name: &str) -> String {
    let message = format!("marsad: {name} was not installed when this binary was built; run `npm ci` in crates/web and rebuild");
    if name.ends_with(".js") {
        format!("console.error({message:?});\n")
    } else if name.ends_with(".css") {
        format!("/* {message} */\n")
    } else {
        String::new()
    }
}

/// Decodes world-atlas's TopoJSON countries and keeps the part of each that lies in [`REGION`],
/// as a GeoJSON FeatureCollection with each country's English name.
fn region_map(atlas: &Value) -> Value {
    let scale = pair(&atlas["transform"]["scale"]);
    let translate = pair(&atlas["transform"]["translate"]);
    let arcs: Vec<Vec<[f64; 2]>> = atlas["arcs"]
        .as_array()
        .expect("TopoJSON has arcs")
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0.0, 0.0);
            arc.as_array()
                .expect("an arc is a list of points")
                .iter()
                .map(|d| {
                    let d = pair(d);
                    x += d[0];
                    y += d[1];
                    [x * scale[0] + translate[0], y * scale[1] + translate[1]]
                })
                .collect()
        })
        .collect();
    let ring = |indices: &Value| -> Vec<[f64; 2]> {
        let mut points: Vec<[f64; 2]> = Vec::new();
        for i in indices.as_array().expect("a ring is a list of arc indices") {
            let i = i.as_i64().expect("an arc index is an integer");
            let mut arc = if i >= 0 { arcs[i as usize].clone() } else { arcs[!i as usize].iter().rev().copied().collect() };
            if !points.is_empty() {
                arc.remove(0);
            }
            points.extend(arc);
        }
        points
    };
    let mut features = Vec::new();
    for geometry in atlas["objects"]["countries"]["geometries"].as_array().expect("countries are listed") {
        let polygons: Vec<&Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![&geometry["arcs"]],
            Some("MultiPolygon") => geometry["arcs"].as_array().expect("polygons").iter().collect(),
            _ => continue,
        };
        let mut kept = Vec::new();
        for polygon in polygons {
            let rings: Vec<Vec<[f64; 2]>> = polygon
                .as_array()
                .expect("a polygon is a list of rings")
                .iter()
                .map(|r| clip(&ring(r)))
                .filter(|r| r.len() >= 4)
                .collect();
            if !rings.is_empty() {
                let rings: Vec<Value> = rings.iter().map(|r| json!(r.iter().map(|p| [round(p[0]), round(p[1])]).collect::<Vec<_>>())).collect();
                kept.push(Value::Array(rings));
            }
        }
        if !kept.is_empty() {
            features.push(json!({
                "type": "Feature",
                "properties": {"name": geometry["properties"]["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }));
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

fn pair(v: &Value) -> [f64; 2] {
    [v[0].as_f64().expect("a number"), v[1].as_f64().expect("a number")]
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Sutherland–Hodgman clipping of a closed ring to the [`REGION`] rectangle.
fn clip(ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let [w, s, e, n] = REGION;
    // Each edge of the box: is a point inside, and where a segment crosses the edge.
    let edges: [(usize, f64, bool); 4] = [(0, w, true), (0, e, false), (1, s, true), (1, n, false)];
    let mut points: Vec<[f64; 2]> = ring.to_vec();
    for (axis, at, keep_above) in edges {
        let inside = |p: &[f64; 2]| if keep_above { p[axis] >= at } else { p[axis] <= at };
        let mut next = Vec::with_capacity(points.len());
        for i in 0..points.len() {
            let cur = points[i];
            let prev = points[(i + points.len() - 1) % points.len()];
            let cross = || {
                let t = (at - prev[axis]) / (cur[axis] - prev[axis]);
                let mut p = [prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])];
                p[axis] = at;
                p
            };
            match (inside(&prev), inside(&cur)) {
                (true, true) => next.push(cur),
                (true, false) => next.push(cross()),
                (false, true) => {
                    next.push(cross());
                    next.push(cur);
                }
                (false, false) => {}
            }
        }
        points = next;
        if points.is_empty() {
            break;
        }
    }
    if let (Some(first), Some(last)) = (points.first().copied(), points.last().copied())
        && first != last
    {
        points.push(first);
    }
    points
}
