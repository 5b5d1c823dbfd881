//! API and page tests: requests sent straight to the router (no socket) over a store built by
//! ingesting the project's example corpus, plus one article with markup planted in its text.

use crate::{AppState, CSP, router};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

/// The example corpus and the planted article, ingested once for all tests.
fn store_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let inputs = vec![root.join("../../examples/corpus"), root.join("test_data/xss-article.txt")];
        let mut store = marsad_store::Store::open(dir.path()).expect("a new store");
        let summary = marsad::ingest(&inputs, &mut store, &marsad::IngestOptions::default(), &()).expect("the corpus ingests");
        assert!(summary.rejected.is_empty(), "rejected: {:?}", summary.rejected);
        dir
    })
    .path()
}

fn app() -> axum::Router {
    router(Arc::new(AppState::open(store_dir()).expect("the store opens read-only")))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", &self.body[..self.body.len().min(300)]))
    }

    fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_else(|| panic!("no error message in {}", self.body)).to_string()
    }
}

async fn send(req: Request<Body>) -> Reply {
    let res = app().oneshot(req).await.expect("the router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("a body").to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

async fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_ok(uri: &str) -> Reply {
    let r = get(uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
    r
}

#[tokio::test]
async fn every_route_in_the_router_is_in_the_openapi_document() {
    let doc: Value = serde_json::from_str(crate::api::OPENAPI).expect("openapi.json is JSON");
    assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    let documented: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    let source = include_str!("api.rs");
    let routed: Vec<&str> = source.match_indices(".route(\"").map(|(i, _)| &source[i + 8..]).map(|r| &r[..r.find('"').unwrap()]).collect();
    assert!(routed.len() >= 15, "found only {routed:?}");
    for r in &routed {
        assert!(documented.iter().any(|d| d == r), "{r} is routed but not in openapi.json");
    }
    for d in &documented {
        assert!(routed.contains(&d.as_str()), "{d} is in openapi.json but not routed");
    }
    // And each answers something other than "no such route".
    for r in routed {
        let uri = r.replace("{id}", "x1");
        let reply = get(&uri).await;
        assert!(reply.status != StatusCode::NOT_FOUND || reply.body.contains("no "), "{uri}: {}", reply.body);
    }
    assert_eq!(get_ok("/api/openapi.json").await.json(), doc);
}

#[tokio::test]
async fn events_list_filters_and_pages() {
    let all = get_ok("/api/events?limit=200").await.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 10, "{all}");
    let merged = get_ok("/api/events?view=merged").await.json();
    assert!(merged["total"].as_u64().unwrap() >= 3);
    assert!(merged["items"].as_array().unwrap().iter().all(|e| e["id"].as_str().unwrap().starts_with('m')));

    // A happening told by several outlets appears once, as its merged event.
    let items = all["items"].as_array().unwrap();
    assert!(items.iter().all(|e| e["merged_into"].is_null()));

    let page = get_ok("/api/events?limit=2&offset=1").await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["id"], items[1]["id"]);

    let afrin = get_ok("/api/events?place=Afrin").await.json();
    assert!(afrin["total"].as_u64().unwrap() >= 1);
    let in_afrin = |e: &Value| e["place"]["en"] == "Afrin" || e["place"]["admin"].as_array().unwrap().iter().any(|a| a == "Afrin");
    assert!(afrin["items"].as_array().unwrap().iter().all(in_afrin));
    let by_admin = get_ok("/api/events?place=Aleppo").await.json();
    assert!(by_admin["total"].as_u64().unwrap() >= afrin["total"].as_u64().unwrap(), "Afrin lies in Aleppo governorate");
    let arabic = get_ok("/api/events?place=%D8%B9%D9%81%D8%B1%D9%8A%D9%86").await.json();
    assert!(arabic["total"].as_u64().unwrap() >= 1, "the Arabic name finds the town");
    assert!(arabic["items"].as_array().unwrap().iter().all(|e| e["place"]["ar"] == "عفرين"));

    let boxed = get_ok("/api/events?bbox=36.5,36.4,37.1,36.7").await.json();
    assert!(boxed["items"].as_array().unwrap().iter().all(|e| (36.4..=36.7).contains(&e["place"]["lat"].as_f64().unwrap())));
    assert!(boxed["total"].as_u64().unwrap() >= 1 && boxed["total"].as_u64().unwrap() < total);

    let dated = get_ok("/api/events?from=2019-01-26&to=2019-01-27").await.json();
    assert!(dated["total"].as_u64().unwrap() >= 1);
    for e in dated["items"].as_array().unwrap() {
        assert!(e["start"].as_str().unwrap() <= "2019-01-27" && e["end"].as_str().unwrap() >= "2019-01-26", "{e}");
    }
    let contradicted = get_ok("/api/events?has_contradiction=true").await.json();
    assert!(contradicted["total"].as_u64().unwrap() >= 1);
    assert!(contradicted["items"].as_array().unwrap().iter().all(|e| e["contradicted"] == true));
    let not = get_ok("/api/events?has_contradiction=false").await.json();
    assert_eq!(not["total"].as_u64().unwrap() + contradicted["total"].as_u64().unwrap(), total);

    let typed = get_ok("/api/events?type=Explosions%2FRemote%20violence").await.json();
    assert!(typed["items"].as_array().unwrap().iter().all(|e| e["type"] == "Explosions/Remote violence"));
    let sub = get_ok("/api/events?sub_type=Air%2Fdrone%20strike").await.json();
    assert!(sub["items"].as_array().unwrap().iter().all(|e| e["sub_type"] == "Air/drone strike"));
    let outlet = get_ok("/api/events?outlet=ENAB_BALADI").await.json();
    assert!(outlet["total"].as_u64().unwrap() >= 1);
    assert!(outlet["items"].as_array().unwrap().iter().all(|e| e["outlets"].as_array().unwrap().iter().any(|o| o == "ENAB_BALADI")));
    let actor_id = items.iter().flat_map(|e| e["actors"].as_array().unwrap()).map(|a| a["id"].as_str().unwrap()).next().expect("some event has an actor");
    let by_actor = get_ok(&format!("/api/events?actor={actor_id}")).await.json();
    assert!(by_actor["total"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn points_and_timeline_follow_the_filters() {
    let points = get_ok("/api/events/points").await.json();
    assert!(points["total"].as_u64().unwrap() >= 5);
    assert_eq!(points["truncated"], false);
    let p = &points["points"][0];
    assert!(p["lat"].is_f64() && p["lon"].is_f64() && p["type"].is_string(), "{p}");
    let timeline = get_ok("/api/events/timeline").await.json();
    let days = timeline["days"].as_array().unwrap();
    assert!(days.len() >= 3);
    assert!(days.windows(2).all(|w| w[0]["date"].as_str() < w[1]["date"].as_str()));
    let narrowed = get_ok("/api/events/timeline?from=2019-01-01&to=2019-01-31").await.json();
    assert!(narrowed["days"].as_array().unwrap().iter().all(|d| d["date"].as_str().unwrap().starts_with("2019-01")));
}

#[tokio::test]
async fn one_event_shows_each_outlets_claims_with_their_sentences() {
    let contradicted = get_ok("/api/events?view=merged&has_contradiction=true").await.json();
    let id = contradicted["items"][0]["id"].as_str().unwrap().to_string();
    let detail = get_ok(&format!("/api/events/{id}")).await.json();
    assert_eq!(detail["event"]["id"], id.as_str());
    let columns = detail["columns"].as_array().unwrap();
    assert!(columns.len() >= 2, "a merged event has several documents: {detail}");
    let figures: Vec<i64> = columns
        .iter()
        .flat_map(|c| c["claims"].as_array().unwrap())
        .filter_map(|k| k["fatalities"]["low"].as_i64())
        .collect();
    assert!(figures.iter().any(|f| *f != figures[0]), "the outlets' figures differ: {figures:?}");
    let claim = columns.iter().flat_map(|c| c["claims"].as_array().unwrap()).find(|k| k["fatalities"].is_object()).unwrap();
    assert!(!claim["sentence"]["mark"].as_str().unwrap().is_empty(), "{claim}");
    assert!(!detail["contradictions"].as_array().unwrap().is_empty());
    assert!(detail["members"].as_array().unwrap().len() >= 2);

    let member = detail["members"][0]["id"].as_str().unwrap();
    let one = get_ok(&format!("/api/events/{member}")).await.json();
    assert_eq!(one["event"]["docs"].as_array().unwrap().len(), 1);
    assert_eq!(one["summary"]["merged_into"], id.as_str());
}

#[tokio::test]
async fn documents_stories_and_contradictions() {
    let docs = get_ok("/api/documents?limit=5").await.json();
    assert_eq!(docs["total"], 16);
    assert_eq!(docs["items"].as_array().unwrap().len(), 5);
    assert!(docs["items"][0].get("text").is_none(), "lists leave texts out");
    let enab = get_ok("/api/documents?outlet=ENAB_BALADI").await.json();
    assert_eq!(enab["total"], 2);
    let doc = get_ok("/api/documents/d3").await.json();
    let text = doc["document"]["text"].as_str().unwrap();
    assert_eq!(doc["document"]["id"], "d3");
    let mentions = doc["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty());
    for m in mentions {
        let [s, e] = [m["span"][0].as_u64().unwrap() as usize, m["span"][1].as_u64().unwrap() as usize];
        let words: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(words, m["text"].as_str().unwrap(), "a mention's span holds its words");
    }
    assert_eq!(get_ok("/api/documents/3").await.json()["document"]["id"], "d3");

    let stories = get_ok("/api/stories").await.json();
    assert!(stories["total"].as_u64().unwrap() >= 1);
    let sid = stories["items"][0]["id"].as_str().unwrap();
    let story = get_ok(&format!("/api/stories/{sid}")).await.json();
    assert!(story["documents"].as_array().unwrap().len() >= 2);

    let contradictions = get_ok("/api/contradictions").await.json();
    assert!(contradictions["total"].as_u64().unwrap() >= 1);
    let c = &contradictions["items"][0];
    assert!(c["claims"].as_array().unwrap().iter().all(|k| k["outlet"].is_object() && k["doc"].is_string()), "{c}");
    let facets = get_ok("/api/facets").await.json();
    assert!(facets["outlets"].as_array().unwrap().len() >= 5);
}

#[tokio::test]
async fn bad_parameters_get_clear_json_errors() {
    let cases: &[(&str, StatusCode, &str)] = &[
        ("/api/events?limit=0", StatusCode::BAD_REQUEST, "limit must be between 1 and 200"),
        ("/api/events?limit=5000", StatusCode::BAD_REQUEST, "limit must be between 1 and 200"),
        ("/api/events?limit=many", StatusCode::BAD_REQUEST, "limit"),
        ("/api/events?offset=99999999", StatusCode::BAD_REQUEST, "offset must be at most"),
        ("/api/events?bbox=1,2,3", StatusCode::BAD_REQUEST, "bbox must be west,south,east,north"),
        ("/api/events?from=26-01-2019", StatusCode::BAD_REQUEST, "from must be a date as YYYY-MM-DD"),
        ("/api/events?from=2019-02-01&to=2019-01-01", StatusCode::BAD_REQUEST, "is after to"),
        ("/api/events?has_contradiction=maybe", StatusCode::BAD_REQUEST, "has_contradiction"),
        ("/api/events?view=all", StatusCode::BAD_REQUEST, "view must be"),
        ("/api/events?colour=red", StatusCode::BAD_REQUEST, "unknown field `colour`"),
        ("/api/events/points?place=", StatusCode::OK, ""),
        ("/api/events/e999999", StatusCode::NOT_FOUND, "no event \"e999999\""),
        ("/api/events/zzz", StatusCode::NOT_FOUND, "no event"),
        ("/api/documents/d999999", StatusCode::NOT_FOUND, "no document"),
        ("/api/documents/abc", StatusCode::NOT_FOUND, "no document"),
        ("/api/stories/s999", StatusCode::NOT_FOUND, "no story"),
        ("/api/nothing-here", StatusCode::NOT_FOUND, "no API route /api/nothing-here"),
        ("/api/search", StatusCode::BAD_REQUEST, "the query has no words and no filter"),
    ];
    for (uri, status, says) in cases {
        let r = get(uri).await;
        assert_eq!(r.status, *status, "{uri}: {}", r.body);
        if !says.is_empty() {
            assert!(r.error().contains(says), "{uri}: {:?} should say {says:?}", r.error());
            assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
        }
    }
    let long = format!("/api/events?actor={}", "%D9%82".repeat(201));
    assert!(get(&long).await.error().contains("at most 200 are accepted"));
    let huge = format!("/api/events?place={}", "a".repeat(3000));
    let r = get(&huge).await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    assert!(r.error().contains("at most 2048"), "{}", r.body);
    let very = format!("/events/{}", "a".repeat(5000));
    assert_eq!(get(&very).await.status, StatusCode::URI_TOO_LONG);

    let post = send(Request::post("/api/events").body(Body::from("{}")).unwrap()).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(post.error().contains("only answers GET"));
    let big = send(Request::post("/api/events").header(header::CONTENT_LENGTH, "10000000").body(Body::from(vec![b'x'; 100])).unwrap()).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for uri in ["/", "/api/events", "/api/nothing", "/events/m1", "/static/app.css", "/no-such-page"] {
        let r = get(uri).await;
        assert_eq!(r.headers[header::CONTENT_SECURITY_POLICY], CSP, "{uri}");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(r.headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
    assert!(CSP.contains("script-src 'self';") && !CSP.contains("unsafe-inline") && !CSP.contains("unsafe-eval"));
}

#[tokio::test]
async fn markup_inside_an_article_is_shown_as_text() {
    let docs = get_ok("/api/documents?limit=200").await.json();
    let planted = docs["items"].as_array().unwrap().iter().find(|d| d["source"] == "xss-article.txt").expect("the planted article is stored");
    let id = planted["id"].as_str().unwrap();
    let api = get_ok(&format!("/api/documents/{id}")).await.json();
    assert!(api["document"]["text"].as_str().unwrap().contains("<script>alert(\"xss\")</script>"), "the text keeps what was written");
    let page = get_ok(&format!("/documents/{id}")).await;
    assert!(page.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    // Escaped, whichever entity spelling the templates use.
    let shown = page.body.replace("&#60;", "&lt;").replace("&#62;", "&gt;").replace("&#34;", "&quot;");
    assert!(shown.contains("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"), "the script tag shows as text");
    assert!(shown.contains("&lt;img src=x onerror=alert(1)&gt;"), "the img tag shows as text");
    assert!(!page.body.contains("<script>alert"), "never markup");
    assert!(!page.body.contains("<img src=x"), "never markup");
    // The only scripts a page loads are this server's files.
    for (i, _) in page.body.match_indices("<script") {
        assert!(page.body[i..].starts_with("<script src=\"/static/"), "{}", &page.body[i..i + 60]);
    }
}

#[tokio::test]
async fn pages_render_in_both_languages() {
    for uri in ["/", "/events", "/events?place=Afrin&has_contradiction=true", "/contradictions", "/stories", "/stories/s1", "/documents", "/documents/d1", "/search?q=x"] {
        let en = get_ok(uri).await;
        assert!(en.body.contains("<html lang=\"en\" dir=\"ltr\">"), "{uri}");
        let ar = send(Request::get(uri).header(header::COOKIE, "lang=ar").body(Body::empty()).unwrap()).await;
        assert_eq!(ar.status, StatusCode::OK, "{uri}");
        assert!(ar.body.contains("<html lang=\"ar\" dir=\"rtl\">"), "{uri}");
    }
    let contradicted = get_ok("/api/events?view=merged&has_contradiction=true").await.json();
    let id = contradicted["items"][0]["id"].as_str().unwrap().to_string();
    let page = get_ok(&format!("/events/{id}")).await;
    assert!(page.body.matches("class=\"claims-col\"").count() >= 2, "claims side by side");
    assert!(page.body.contains("<mark>"), "the figure is marked in its sentence");
    let bad = get("/events?from=yesterday").await;
    assert_eq!(bad.status, StatusCode::OK, "a bad filter is shown on the page");
    assert!(bad.body.contains("from must be a date"));
    assert_eq!(get("/events/e999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(get("/nothing").await.status, StatusCode::NOT_FOUND);

    let switch = get("/lang/ar?next=/events%3Fplace%3DAfrin").await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.headers[header::LOCATION], "/events?place=Afrin");
    assert!(switch.headers[header::SET_COOKIE].to_str().unwrap().starts_with("lang=ar;"));
    let away = get("/lang/en?next=//evil.example/").await;
    assert_eq!(away.headers[header::LOCATION], "/", "never redirects off this server");
}

#[tokio::test]
async fn exports_download_from_the_store() {
    for (ext, kind, first) in [("jsonl", "application/x-ndjson", "{"), ("csv", "text/csv", "event_id_cnty"), ("geojson", "application/geo+json", "{")] {
        let r = get_ok(&format!("/api/export.{ext}")).await;
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{ext}");
        assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename="), "{ext}");
        assert!(r.body.starts_with(first), "{ext}: {}", &r.body[..r.body.len().min(80)]);
    }
    let jsonl = get_ok("/api/export.jsonl").await.body;
    assert_eq!(jsonl.lines().filter(|l| l.contains("\"kind\":\"document\"")).count(), 16);
}

#[tokio::test]
async fn static_files_are_embedded() {
    let css = get_ok("/static/app.css").await;
    assert!(css.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
    assert_eq!(get("/static/nothing.js").await.status, StatusCode::NOT_FOUND);
    if !crate::assets::VENDORED {
        eprintln!("skipping the vendored-library checks: crates/web/node_modules was absent at build time (run `npm ci` in crates/web)");
        return;
    }
    for f in ["vendor/leaflet.js", "vendor/uPlot.iife.min.js", "vendor/leaflet.markercluster.js", "vendor/basemap.geojson"] {
        let r = get_ok(&format!("/static/{f}")).await;
        assert!(r.body.len() > 10_000, "{f} is only {} bytes", r.body.len());
    }
    let map: Value = get_ok("/static/vendor/basemap.geojson").await.json();
    let names: Vec<&str> = map["features"].as_array().unwrap().iter().filter_map(|f| f["properties"]["name"].as_str()).collect();
    assert!(names.contains(&"Syria") && names.contains(&"Iraq"), "{names:?}");
}

/// `text` percent-encoded for a query string.
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

async fn search(params: &str) -> Value {
    get_ok(&format!("/api/search?{params}")).await.json()
}

/// The highlighted runs of every hit's snippet.
fn marked(results: &Value) -> Vec<String> {
    results["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["snippet"].as_array().unwrap().iter())
        .filter(|f| f["highlighted"] == true)
        .map(|f| f["text"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_finds_a_word_through_its_clitics_and_marks_it_as_written() {
    // The corpus writes عفرين bare, never with a prefix: the prefixed forms only match through
    // the Arabic analysis.
    for form in ["وعفرين", "بعفرين"] {
        let r = search(&format!("q={}", enc(form))).await;
        assert!(r["total"].as_u64().unwrap() >= 1, "{form} finds nothing: {r}");
        let first = &r["items"][0];
        assert!(first["doc"].as_str().unwrap().starts_with('d') && first["event"].is_null(), "{first}");
        let marks = marked(&r);
        assert!(marks.iter().any(|m| m == "عفرين"), "{form}: the snippet marks the word as the article writes it: {marks:?}");
        assert!(!marks.iter().any(|m| m.contains(form)), "{form} is not in the corpus: {marks:?}");
        let doc = get_ok(&format!("/api/documents/{}", first["doc"].as_str().unwrap())).await.json();
        assert!(doc["document"]["text"].as_str().unwrap().contains("عفرين"), "the hit is a document about عفرين");
    }
    // Typed with a prefix and a shadda, the name is found however each article writes it, and
    // each snippet marks it in that article's spelling.
    let r = search(&format!("q={}", enc("بمعرّة"))).await;
    let marks = marked(&r);
    assert!(marks.iter().any(|m| m == "معرة") && marks.iter().any(|m| m == "معرّة"), "{marks:?}");
    let page = r["items"].as_array().unwrap().len();
    assert!(page as u64 <= r["total"].as_u64().unwrap() && r["limit"] == 20 && r["offset"] == 0, "{r}");
}

#[tokio::test]
async fn search_filters_narrow_the_hits() {
    let q = enc("عفرين");
    let all = search(&format!("q={q}&limit=100")).await;
    let total = all["total"].as_u64().unwrap();
    let outlet = all["items"][0]["outlet"]["id"].as_str().expect("the first hit has an outlet").to_string();
    let by_outlet = search(&format!("q={q}&outlet={outlet}&limit=100")).await;
    let items = by_outlet["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|h| h["outlet"]["id"] == outlet.as_str()), "{by_outlet}");
    let others = all["items"].as_array().unwrap().iter().filter(|h| h["outlet"]["id"] != outlet.as_str()).count() as u64;
    assert_eq!(by_outlet["total"].as_u64().unwrap(), total - others, "only {outlet}'s hits are left");

    assert_eq!(search(&format!("q={q}&from=2030-01-01")).await["total"], 0, "nothing is published after 2030");
    let dated = search(&format!("q={q}&from=2000-01-01&to=2029-12-31")).await;
    assert!(dated["total"].as_u64().unwrap() >= 1);
    let published = dated["items"].as_array().unwrap().iter().filter_map(|h| h["published"].as_str());
    assert!(published.into_iter().all(|p| ("2000-01-01".."2030-01-01").contains(&p)));

    let events = search(&format!("q={q}&in=events")).await;
    let items = events["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|h| h["event"].as_str().is_some_and(|e| e.starts_with('e'))), "{events}");
    let event = items[0]["event"].as_str().unwrap();
    get_ok(&format!("/api/events/{event}")).await;

    // A place filter alone needs no words; the place's hits all name it.
    let placed = search(&format!("place={q}&in=all")).await;
    assert!(placed["total"].as_u64().unwrap() >= 1, "{placed}");
    let nowhere = search(&format!("q={q}&place={}", enc("تلعفر"))).await;
    assert!(nowhere["total"].as_u64().unwrap() < total, "another place leaves fewer hits");
}

#[tokio::test]
async fn bad_searches_are_refused_with_the_reason() {
    let cases = [
        ("q=x&in=both", "in must be documents, events or all"),
        ("q=x&from=2019-02-02&to=2019-01-01", "the date range ends (2019-01-01) before it starts (2019-02-02)"),
        ("q=x&from=2019-02-30", "not a day of the calendar"),
        ("q=x&limit=101", "between 1 and 100 are allowed"),
        ("q=x&limit=0", "between 1 and 100 are allowed"),
        ("q=x&offset=10001", "at most 10000 is allowed"),
        ("q=x&limit=ten", "limit"),
        ("q=x&place=Atlantis", "no place in the gazetteer has the id or name \"Atlantis\""),
        ("q=x&actor=nobody-at-all", "no actor in the registry"),
        ("q=%20&in=events", "the query has no words and no filter"),
        ("q=x&sort=date", "unknown field `sort`"),
    ];
    for (params, says) in cases {
        let r = get(&format!("/api/search?{params}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{params}: {}", r.body);
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "{params}");
        assert!(r.error().contains(says), "{params}: {:?} should say {says:?}", r.error());
    }
    let long = get(&format!("/api/search?q={}", enc(&"ق".repeat(201)))).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert!(long.error().contains("q is 201 characters long"), "{}", long.body);
}

#[tokio::test]
async fn the_search_page_marks_matches_and_never_renders_article_markup() {
    let r = get_ok(&format!("/search?q={}", enc("وعفرين"))).await;
    assert!(r.body.contains("class=\"search-hit\""), "hits are listed");
    assert!(r.body.contains("<mark>عفرين</mark>"), "the matched word is marked as written");
    assert!(r.body.contains("<a href=\"/documents/d"), "hits link to their documents");
    assert!(r.body.contains("class=\"snippet\" lang=\"ar\" dir=\"rtl\""), "snippets are set right to left");
    let ar = send(Request::get(format!("/search?q={}&in=all", enc("وعفرين"))).header(header::COOKIE, "lang=ar").body(Body::empty()).unwrap()).await;
    assert!(ar.body.contains("<html lang=\"ar\" dir=\"rtl\">") && ar.body.contains("<mark>عفرين</mark>"));
    assert!(ar.body.contains("href=\"/events/e"), "event hits link to their events");

    // The planted article's markup, found by a word after it, shows as text.
    let planted = get_ok(&format!("/search?q={}", enc("السيارات"))).await;
    let shown = planted.body.replace("&#60;", "&lt;").replace("&#62;", "&gt;").replace("&#34;", "&quot;");
    assert!(shown.contains("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"), "the snippet holds the script tag as text");
    assert!(!planted.body.contains("<script>alert"), "never markup");
    // Markup in the query is only ever echoed as text.
    let typed = get_ok(&format!("/search?q={}", enc("<b onmouseover=x>عفرين"))).await;
    assert!(!typed.body.contains("<b onmouseover"), "the query is escaped in the form");

    let bad = get_ok("/search?q=x&from=2019-02-02&to=2019-01-01").await;
    assert!(bad.body.contains("before it starts") && bad.body.contains("class=\"warn\""), "a bad search is said on the page");
    let empty = get_ok("/search").await;
    assert!(!empty.body.contains("search-hit") && !empty.body.contains("class=\"warn\""), "an empty search shows the form only: {}", empty.body);
    let paged = get_ok(&format!("/search?q={}&limit=1", enc("عفرين"))).await;
    assert!(paged.body.contains("rel=\"next\"") && paged.body.contains("offset=1"), "a pager when there are more hits");
}

/// A store of its own, to change under a running server.
fn small_store(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    ingest_texts(dir.path(), files);
    dir
}

fn ingest_texts(dir: &Path, files: &[(&str, &str)]) {
    let inputs = tempfile::tempdir().expect("a temporary folder");
    let mut paths = Vec::new();
    for (name, text) in files {
        let path = inputs.path().join(name);
        std::fs::write(&path, text).expect("the input is written");
        paths.push(path);
    }
    let mut store = marsad_store::Store::open(dir).expect("the store opens");
    let summary = marsad::ingest(&paths, &mut store, &marsad::IngestOptions::default(), &()).expect("the texts ingest");
    assert!(summary.rejected.is_empty(), "{:?}", summary.rejected);
}

const SHADDADI: &str = "طائرات مسيرة تقصف محيط الشدادي\n\nقصفت طائرات مسيرة صباح الثلاثاء مواقع قرب بلدة الشدادي جنوب مدينة الحسكة، وقال مراسل محلي إن ثلاثة مدنيين أصيبوا بجروح.\n";
const MANBIJ: &str = "اشتباكات في محيط منبج\n\nأفاد ناشطون بوقوع اشتباكات عنيفة ليل الأحد في محيط مدينة منبج شرق حلب، وأسفرت عن مقتل خمسة مقاتلين من الطرفين.\n";

async fn search_in(app: &axum::Router, params: &str) -> Reply {
    let res = app.clone().oneshot(Request::get(format!("/api/search?{params}")).body(Body::empty()).unwrap()).await.expect("the router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("a body").to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

#[tokio::test]
async fn a_missing_or_lagging_index_is_refused_and_a_new_one_is_picked_up() {
    let dir = small_store(&[("shaddadi.txt", SHADDADI)]);
    let index_dir = marsad_search::SearchIndex::dir_for(dir.path());
    let app = router(Arc::new(AppState::open(dir.path()).expect("the store opens read-only")));
    let q = format!("q={}", enc("والشدادي"));
    assert_eq!(search_in(&app, &q).await.json()["total"], 1, "ingest made the index");

    // An ingest that adds a document syncs the index; the running server sees it.
    ingest_texts(dir.path(), &[("manbij.txt", MANBIJ)]);
    let found = search_in(&app, &format!("q={}", enc("بمنبج"))).await;
    assert_eq!(found.json()["total"], 1, "{}", found.body);

    // An index that holds fewer documents than the store is refused, never written to.
    let empty = tempfile::tempdir().unwrap();
    let none = marsad_store::Store::open(empty.path()).unwrap();
    marsad_search::SearchIndex::rebuild(&index_dir, &none).unwrap();
    let behind = search_in(&app, &q).await;
    assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE, "{}", behind.body);
    assert!(behind.error().contains("holds 0 documents and the store 2") && behind.error().contains("marsad reindex"), "{}", behind.error());

    std::fs::remove_dir_all(&index_dir).unwrap();
    let missing = search_in(&app, &q).await;
    assert_eq!(missing.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(missing.error().contains("no search index here yet") && missing.error().contains("marsad reindex --db"), "{}", missing.error());
    assert!(!index_dir.exists(), "the server made no index");
    let bad = search_in(&app, "q=x&limit=0").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "a bad query is the caller's, index or not");

    // `marsad reindex` while the server runs: the next search uses the new index.
    let store = marsad_store::Store::open_read_only(dir.path()).unwrap();
    marsad_search::SearchIndex::rebuild(&index_dir, &store).unwrap();
    assert_eq!(search_in(&app, &q).await.json()["total"], 1);
}
