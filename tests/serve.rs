//! `dateline serve` through the real binary, on an ephemeral loopback port.
//!
//! Properties checked:
//! 1. every endpoint answers: `/health`, `/api/search` (the same hits as `search --json`),
//!    `/api/articles/{id}`, `/api/entities`, the page and its assets;
//! 2. errors are JSON `{"error":{"code","message"}}` with the code's status: bad date, too long
//!    query, unknown article, unknown parameter, unknown endpoint, wrong method; `limit` is capped;
//! 3. article text is data: the API returns it as JSON, the page embeds none of it and its script
//!    never parses strings as HTML;
//! 4. a commit made by `dateline index` while serving is searchable without a restart;
//! 5. in headless Chromium (skipped when none is installed): type a query, see hits, click a
//!    facet and a month, see the narrowed results, open an article with its entities marked; a
//!    hostile article shows `<script>` and `" onmouseover=` as text and runs nothing.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Env, json_lines, reagan_alone, sample_index, write_reagan_in_full};
use serde_json::Value;

/// A running `dateline serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Starts `dateline serve --addr 127.0.0.1:0` in `env` (its index is `env/idx`).
    fn start(env: &Env) -> Server {
        let mut child = env
            .cmd_std(&["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dateline serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Server { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path)
    }

    /// GET `path`, expecting `200` and JSON.
    fn json(&self, path: &str) -> Value {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.body);
        assert_eq!(response.header("content-type"), Some("application/json"), "GET {path}");
        serde_json::from_str(&response.body).unwrap()
    }

    /// GET `path`, expecting the error `code` with `status`.
    fn error(&self, path: &str, status: u16, code: &str) -> Value {
        let response = self.get(path);
        let body: Value = serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {}", response.body));
        assert_eq!(
            (response.status, body["error"]["code"].as_str()),
            (status, Some(code)),
            "GET {path}: {body}"
        );
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
fn request(addr: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = unchunk(&body);
    }
    Response { status, headers, body: String::from_utf8(body).expect("UTF-8 body") }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
}

/// Percent-encodes everything but unreserved characters (a query value or a path segment).
fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `dateline search --json --summary ARGS` as the API shows hits: each hit line without its
/// `type`, and the summary's total.
fn cli_hits(env: &Env, args: &[&str]) -> (Vec<Value>, u64) {
    let mut all = args.to_vec();
    all.extend(["--json", "--summary"]);
    let lines = json_lines(&env.search(&all));
    let total = lines.last().unwrap()["total"].as_u64().unwrap();
    let hits = lines
        .into_iter()
        .filter(|l| l["type"] == "hit")
        .map(|mut l| {
            l.as_object_mut().unwrap().remove("type");
            l
        })
        .collect();
    (hits, total)
}

const HOSTILE_TITLE: &str =
    "<script>window.__pwned = 1</script> Tariff \" onmouseover=\"window.__pwned = 2\" x=\"";

/// An article whose title and body try to inject markup and script.
fn hostile_article() -> String {
    format!(
        "{HOSTILE_TITLE}\n\nWASHINGTON, Oct. 31 (Reuters) - <img src=x onerror=\"window.__pwned = 3\"> Officials \
         from the Treasury discussed tariffs with Xi Jinping \" onmouseover=\"window.__pwned = 4\" and \
         <b>bold</b> claims. <script>window.__pwned = 5</script>\n"
    )
}

#[test]
fn search_answers_with_the_hits_of_search_json() {
    let env = sample_index();
    let server = Server::start(env);
    for (api, cli) in [
        ("q=tariffs", vec!["tariffs"]),
        ("q=tariffs&person=Xi&sort=date", vec!["tariffs", "--person", "Xi", "--sort", "date"]),
        (
            "q=interest+rates&dateline=Japan&from=2025&to=2025-12&limit=3&offset=1",
            vec![
                "interest rates",
                "--dateline",
                "Japan",
                "--from",
                "2025",
                "--to",
                "2025-12",
                "-n",
                "3",
                "--offset",
                "1",
            ],
        ),
        ("org=Bank+of+Japan&sort=oldest", vec!["--org", "Bank of Japan", "--sort", "oldest"]),
        ("country=South+Korea&country=China", vec!["--country", "South Korea", "--country", "China"]),
    ] {
        let answer = server.json(&format!("/api/search?{api}"));
        let (hits, total) = cli_hits(env, &cli);
        assert_eq!(answer["total"].as_u64(), Some(total), "{api}");
        assert_eq!(answer["hits"].as_array().unwrap(), &hits, "{api}");
        assert!(answer["warnings"].as_array().unwrap().is_empty(), "{api}");
        assert!(answer.get("facets").is_none() && answer.get("timeline").is_none(), "only when asked");
    }
    let health = server.json("/health");
    let (_, all) = cli_hits(env, &["-n", "1"]);
    assert_eq!(health, serde_json::json!({ "status": "ok", "articles": all }));
}

#[test]
fn facets_and_timeline_count_the_matches() {
    let server = Server::start(sample_index());
    let answer = server.json("/api/search?q=tariffs&limit=0&facets=all&timeline=month");
    let total = answer["total"].as_u64().unwrap();
    assert!(total >= 5 && answer["hits"].as_array().unwrap().is_empty(), "limit=0: the total only");
    let people = answer["facets"]["people"].as_array().unwrap();
    assert!(people.len() <= 10 && !people.is_empty());
    let counts: Vec<u64> = people.iter().map(|e| e["count"].as_u64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most frequent first: {people:?}");
    let xi = people.iter().find(|e| e["name"] == "Xi Jinping").expect("Xi Jinping among the people");
    let narrowed = server.json("/api/search?q=tariffs&person=Xi+Jinping&limit=0");
    assert_eq!(xi["count"], narrowed["total"], "a facet's count is what clicking it finds");
    for key in ["organizations", "places", "countries"] {
        assert!(!answer["facets"][key].as_array().unwrap().is_empty(), "{key}");
    }
    assert_eq!(answer["timeline"]["interval"], "month");
    let timeline = answer["timeline"]["buckets"].as_array().unwrap();
    let months: Vec<&str> = timeline.iter().map(|b| b["key"].as_str().unwrap()).collect();
    assert!(months.windows(2).all(|w| w[0] < w[1]) && months.iter().all(|m| m.len() == 7), "{months:?}");
    let dated: u64 = timeline.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(dated + answer["timeline"]["undated"].as_u64().unwrap(), total);
    let october = timeline.iter().find(|b| b["key"] == "2025-10").unwrap();
    let in_october = server.json("/api/search?q=tariffs&from=2025-10&to=2025-10&limit=0");
    assert_eq!(october["count"], in_october["total"]);
    let some = server.json("/api/search?q=tariffs&limit=1&facets=people,place");
    assert_eq!(some["facets"].as_object().unwrap().keys().collect::<Vec<_>>(), ["people", "places"]);
    let weeks = server.json("/api/search?q=tariffs&limit=0&timeline=week");
    assert_eq!(weeks["timeline"]["interval"], "week");
    assert!(weeks["timeline"]["buckets"][0]["key"].as_str().unwrap().contains("-W"));
}

#[test]
fn an_article_is_found_by_its_path_with_its_entities() {
    let server = Server::start(sample_index());
    let hit = server.json("/api/search?q=Xi+tariffs+Busan&limit=1")["hits"][0].clone();
    let path = hit["path"].as_str().unwrap();
    let article = server.json(&format!("/api/articles/{}", enc(path)));
    for key in ["path", "title", "date", "place", "country", "dateline", "places", "people", "organizations"]
    {
        assert_eq!(article[key], hit[key], "{key}");
    }
    let body = article["body"].as_str().unwrap();
    assert!(body.contains("Busan"));
    let mentions = article["mentions"].as_array().unwrap();
    assert!(mentions.iter().any(|m| m["kind"] == "person" && m["canonical"] == "Xi Jinping"));
    for m in mentions {
        let (start, end) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(body.get(start..end), m["text"].as_str(), "{m}");
    }
    // An article of a multi-article file: `FILE#ID`, the `#` encoded.
    let json_hit =
        server.json("/api/search?q=Egyptian+Museum&limit=1")["hits"][0]["path"].as_str().unwrap().to_string();
    assert!(json_hit.contains('#'), "{json_hit}");
    assert_eq!(server.json(&format!("/api/articles/{}", enc(&json_hit)))["path"], json_hit.as_str());

    server.error("/api/articles/no%2Fsuch%2Farticle.txt", 404, "not_found");
    // No id reaches the file system: paths outside the index are just unknown ids.
    server.error("/api/articles/..%2F..%2F..%2Fetc%2Fpasswd", 404, "not_found");
    server.error("/api/articles/%2Fetc%2Fpasswd", 404, "not_found");
    server.error(&format!("/api/articles/{}", "a".repeat(5000)), 400, "too_long");
}

#[test]
fn an_articles_mentions_carry_the_archives_names() {
    // Three articles name "Ronald Reagan", one only "Reagan": the archive's table maps the
    // surname, and the article endpoint marks each mention with that name, as its people list.
    let env = Env::new();
    write_reagan_in_full(&env);
    env.write("alone.json", reagan_alone(4));
    env.index(&["."]).success();
    let server = Server::start(&env);
    let id = server.json("/api/search?q=veto&limit=1")["hits"][0]["path"].as_str().unwrap().to_string();
    assert!(id.ends_with("alone.json"), "{id}");
    let article = server.json(&format!("/api/articles/{}", enc(&id)));
    assert_eq!(article["people"], serde_json::json!(["Ronald Reagan"]));
    let people: Vec<&Value> =
        article["mentions"].as_array().unwrap().iter().filter(|m| m["kind"] == "person").collect();
    assert_eq!(people.len(), 2, "{people:?}");
    for m in people {
        assert_eq!((m["text"].as_str(), m["canonical"].as_str()), (Some("Reagan"), Some("Ronald Reagan")));
    }
}

#[test]
fn entities_are_listed_by_article_count() {
    let server = Server::start(sample_index());
    for kind in ["person", "organization", "place", "country"] {
        let answer = server.json(&format!("/api/entities?kind={kind}&limit=3"));
        assert_eq!(answer["kind"], kind);
        let list = answer["entities"].as_array().unwrap();
        assert_eq!(list.len(), 3, "{kind}");
        assert!(list.windows(2).all(|w| w[0]["count"].as_u64() >= w[1]["count"].as_u64()));
        assert!(list.iter().all(|e| e["kind"] == kind
            && e["name"].is_string()
            && e["first"].as_str() <= e["last"].as_str()));
    }
    let people = server.json("/api/entities?kind=person");
    assert_eq!(people["entities"][0]["name"], "Donald Trump");
    let trump = server.json("/api/search?person=Donald+Trump&limit=0");
    assert_eq!(people["entities"][0]["count"], trump["total"]);
    assert!(server.json("/api/entities?kind=place&limit=1000")["entities"].as_array().unwrap().len() <= 100);
    server.error("/api/entities", 400, "bad_request");
    server.error("/api/entities?kind=colour", 400, "bad_request");
}

#[test]
fn errors_have_a_stable_code_and_status_and_limits_hold() {
    let server = Server::start(sample_index());
    server.error("/api/search?q=tariffs&from=2025-13", 400, "invalid_date");
    server.error("/api/search?from=someday", 400, "invalid_date");
    server.error("/api/search?from=2026&to=2025", 400, "invalid_date");
    server.error(&format!("/api/search?q={}", "tariff+".repeat(200)), 400, "too_long");
    let many: String = (0..21).map(|i| format!("&person=p{i}")).collect();
    server.error(&format!("/api/search?q=x{many}"), 400, "too_long");
    server.error("/api/search?q=tariffs&limit=ten", 400, "bad_request");
    server.error("/api/search?q=tariffs&offset=100000000", 400, "bad_request");
    server.error("/api/search?q=tariffs&sort=best", 400, "bad_request");
    server.error("/api/search?q=tariffs&persn=Xi", 400, "bad_request");
    server.error("/api/search?q=a&q=b", 400, "bad_request");
    server.error("/api/nothing", 404, "not_found");
    server.error("/assets/secret.txt", 404, "not_found");
    let post = request(&server.addr, "POST", "/api/search?q=tariffs");
    assert_eq!(post.status, 405);
    assert!(post.body.contains("\"method_not_allowed\""));

    let capped = server.json("/api/search?limit=100000");
    let (first_hundred, _) = cli_hits(sample_index(), &["-n", "100"]);
    assert_eq!(capped["hits"].as_array().unwrap().len(), first_hundred.len());
    assert_eq!(capped["warnings"], serde_json::json!(["limit capped to 100"]));
    // A syntax error is searched on a best-effort reading, with a warning (as in the CLI).
    let lenient = server.json("/api/search?q=Xi+AND+(tariffs");
    assert!(!lenient["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn the_page_and_its_assets_carry_no_article_data() {
    let server = Server::start(sample_index());
    let page = server.get("/?q=tariffs&person=Xi");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(!page.body.contains("Lindqvist") && !page.body.contains("Gyeongju"), "the page is a shell");
    assert!(!page.body.contains("http://") && !page.body.contains("https://"), "no external resource");
    let script = server.get("/assets/app.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").unwrap().starts_with("text/javascript"));
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
        assert!(!script.body.contains(sink), "app.js must not use {sink}");
    }
    assert!(script.body.contains("textContent") || script.body.contains("append("));
    let style = server.get("/assets/style.css");
    assert_eq!(style.status, 200);
    assert!(style.header("content-type").unwrap().starts_with("text/css"));
    assert!(!style.body.contains("url(http"), "no external resource");
}

#[test]
fn hostile_article_text_is_returned_as_json_data() {
    let env = Env::new();
    env.write("news/2025/10/31/hostile.txt", hostile_article());
    env.index(&["news"]).success();
    let server = Server::start(&env);
    let answer = server.json("/api/search?q=tariffs");
    let hit = &answer["hits"][0];
    assert_eq!(hit["title"], HOSTILE_TITLE);
    let raw = server.get("/api/search?q=tariffs").body;
    assert!(raw.contains("<script>window.__pwned = 1</script>"), "JSON keeps the text as it is: {raw}");
    let article = server.json(&format!("/api/articles/{}", enc(hit["path"].as_str().unwrap())));
    assert!(article["body"].as_str().unwrap().contains("\" onmouseover=\"window.__pwned = 4\""));
    assert!(!server.get("/").body.contains("pwned"));
}

#[test]
fn a_commit_made_while_serving_is_searched_without_a_restart() {
    let env = Env::new();
    env.write("news/2025/10/01/harbour.txt", "Harbour reopens\n\nThe harbour reopened on Monday.\n");
    env.index(&["news"]).success();
    let server = Server::start(&env);
    assert_eq!(server.json("/health")["articles"], 1);
    assert_eq!(server.json("/api/search?q=zeppelin")["total"], 0);

    env.write("news/2025/10/02/zeppelin.txt", "Zeppelin lands\n\nA zeppelin landed in the harbour.\n");
    env.index(&["news"]).success();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = server.json("/api/search?q=zeppelin");
        if answer["total"] == 1 {
            assert_eq!(answer["hits"][0]["path"], "news/2025/10/02/zeppelin.txt");
            break;
        }
        assert!(Instant::now() < deadline, "the new commit never showed up: {answer}");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.json("/health")["articles"], 2);
    let id = enc("news/2025/10/02/zeppelin.txt");
    assert_eq!(server.json(&format!("/api/articles/{id}"))["title"], "Zeppelin lands");

    env.remove("news/2025/10/01/harbour.txt");
    env.index(&["news"]).success();
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.json("/health")["articles"] != 1 {
        assert!(Instant::now() < deadline, "the delete never showed up");
        std::thread::sleep(Duration::from_millis(100));
    }
    server.error(&format!("/api/articles/{}", enc("news/2025/10/01/harbour.txt")), 404, "not_found");
}

#[test]
fn serve_refuses_a_missing_index_and_a_bad_address() {
    let env = Env::new();
    let out = env.cmd(&["serve", "--addr", "127.0.0.1:0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no index"));
    let out = env.cmd(&["serve", "--addr", "localhost"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a malformed address is a usage error");
}

mod browser {
    //! The page in headless Chromium, driven through the DevTools protocol over a websocket.

    use super::*;
    use base64::Engine;
    use tungstenite::{Message, WebSocket};

    /// Debian's `chromium` (or `$CHROMIUM`), if installed.
    fn chromium() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("CHROMIUM") {
            return Some(PathBuf::from(path));
        }
        let path = std::env::var_os("PATH")?;
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
        std::env::split_paths(&path).flat_map(|dir| names.map(|n| dir.join(n))).find(|p| p.is_file())
    }

    /// A headless browser with one page attached.
    struct Browser {
        child: Child,
        ws: WebSocket<TcpStream>,
        session: String,
        next_id: u64,
        /// Uncaught exceptions the page reported.
        exceptions: Vec<Value>,
        _profile: tempfile::TempDir,
    }

    impl Drop for Browser {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Browser {
        fn launch(binary: &Path) -> Browser {
            let profile = tempfile::tempdir().unwrap();
            let mut child = std::process::Command::new(binary)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--remote-debugging-port=0",
                    "--window-size=1280,1000",
                ])
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg("about:blank")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start chromium");
            // Chromium prints its websocket address on stderr; keep draining it afterwards so a
            // full pipe never blocks the browser.
            let stderr = child.stderr.take().unwrap();
            let (send, receive) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("ws://") {
                        let _ = send.send(line[at..].trim().to_string());
                    }
                }
            });
            let url = receive.recv_timeout(Duration::from_secs(60)).expect("chromium's DevTools address");
            let host = url.trim_start_matches("ws://").split('/').next().unwrap().to_string();
            let stream = TcpStream::connect(&host).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
            let (ws, _) = tungstenite::client(url.as_str(), stream).expect("websocket handshake");
            let mut browser = Browser {
                child,
                ws,
                session: String::new(),
                next_id: 0,
                exceptions: Vec::new(),
                _profile: profile,
            };
            let target = browser.call("Target.createTarget", serde_json::json!({ "url": "about:blank" }));
            let attached = browser.call(
                "Target.attachToTarget",
                serde_json::json!({ "targetId": target["targetId"], "flatten": true }),
            );
            browser.session = attached["sessionId"].as_str().unwrap().to_string();
            browser.call("Page.enable", serde_json::json!({}));
            browser.call("Runtime.enable", serde_json::json!({}));
            browser
        }

        /// Sends one command to the page (the browser itself before attaching) and waits for
        /// its answer, keeping the exceptions reported meanwhile.
        fn call(&mut self, method: &str, params: Value) -> Value {
            self.next_id += 1;
            let id = self.next_id;
            let mut message = serde_json::json!({ "id": id, "method": method, "params": params });
            if !self.session.is_empty() {
                message["sessionId"] = Value::from(self.session.clone());
            }
            self.ws.send(Message::text(message.to_string())).unwrap();
            loop {
                let Message::Text(text) = self.ws.read().expect("DevTools message") else { continue };
                let reply: Value = serde_json::from_str(text.as_str()).unwrap();
                if reply["method"] == "Runtime.exceptionThrown" {
                    self.exceptions.push(reply["params"]["exceptionDetails"].clone());
                }
                if reply["id"].as_u64() == Some(id) {
                    assert!(reply.get("error").is_none(), "{method}: {reply}");
                    return reply["result"].clone();
                }
            }
        }

        /// Evaluates `expression` in the page (promises awaited) and returns its value.
        fn eval(&mut self, expression: &str) -> Value {
            let result = self.call(
                "Runtime.evaluate",
                serde_json::json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            );
            assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
            result["result"]["value"].clone()
        }

        /// Waits until `expression` is truthy in the page.
        fn wait_for(&mut self, expression: &str) -> Value {
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                let value = self.eval(expression);
                if !(value.is_null() || value == false || value == 0 || value == "") {
                    return value;
                }
                assert!(Instant::now() < deadline, "timed out waiting for {expression}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }

        /// Waits for the page to finish rendering after an action.
        fn settle(&mut self) {
            self.wait_for("document.readyState === 'complete' && document.body.dataset.state === 'ready'");
        }

        fn navigate(&mut self, url: &str) {
            self.call("Page.navigate", serde_json::json!({ "url": url }));
            std::thread::sleep(Duration::from_millis(100));
            self.settle();
        }

        /// Clicks the middle of the first element matching `selector` with the mouse.
        fn click(&mut self, selector: &str) {
            let at = self.wait_for(&format!(
                "(() => {{ const e = document.querySelector({sel}); if (!e) return null; \
                 e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
                 return [r.x + r.width / 2, r.y + r.height / 2]; }})()",
                sel = Value::from(selector)
            ));
            let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
            for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
                self.call(
                    "Input.dispatchMouseEvent",
                    serde_json::json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
                );
            }
        }

        /// Marks the page as changing, so the next `settle` waits for the new render.
        fn expect_render(&mut self) {
            self.eval("document.body.dataset.state = 'acting'");
        }

        fn screenshot(&mut self, path: &Path) {
            let shot = self.call("Page.captureScreenshot", serde_json::json!({ "format": "png" }));
            let png =
                base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
            std::fs::write(path, png).unwrap();
        }

        fn count(&mut self, selector: &str) -> u64 {
            self.eval(&format!("document.querySelectorAll({}).length", Value::from(selector)))
                .as_u64()
                .unwrap()
        }
    }

    fn screenshot_path(name: &str) -> PathBuf {
        Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join(name)
    }

    #[test]
    fn search_filter_and_read_in_a_real_browser() {
        let Some(binary) = chromium() else {
            eprintln!(
                "note: no chromium found (install Debian's `chromium` or set CHROMIUM): browser test skipped"
            );
            return;
        };
        let env = Env::new();
        env.write("hostile/2025/10/31/hostile.txt", hostile_article());
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        env.index(&[sample.to_str().unwrap(), "hostile"]).success();
        let server = Server::start(&env);
        let mut browser = Browser::launch(&binary);

        // Type a query and see hits.
        browser.navigate(&server.url("/"));
        browser.click("#q");
        browser.call("Input.insertText", serde_json::json!({ "text": "tariffs" }));
        browser.expect_render();
        for kind in ["keyDown", "keyUp"] {
            browser.call(
                "Input.dispatchKeyEvent",
                serde_json::json!({ "type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r" }),
            );
        }
        browser.settle();
        assert_eq!(browser.eval("location.search"), "?q=tariffs", "a search is a URL");
        let api = server.json("/api/search?q=tariffs&limit=10");
        let total = api["total"].as_u64().unwrap();
        assert_eq!(browser.count(".hit"), api["hits"].as_array().unwrap().len() as u64);
        let summary = browser.eval("document.getElementById('summary').textContent");
        assert!(summary.as_str().unwrap().starts_with(&format!("{total} articles")), "{summary}");
        assert!(browser.count(".hit .snippet mark") > 0, "matched words are highlighted");
        assert_eq!(
            browser.eval("document.querySelector('.hit .snippet mark').textContent.toLowerCase()"),
            "tariffs"
        );

        // The same URL opened directly shows the same results.
        browser.navigate(&server.url("/?q=tariffs"));
        assert_eq!(browser.count(".hit"), api["hits"].as_array().unwrap().len() as u64);

        // The hostile article shows its markup as text and runs nothing, even when hovered.
        let titles = browser.eval("[...document.querySelectorAll('.hit h2 a')].map(a => a.textContent)");
        assert!(titles.as_array().unwrap().iter().any(|t| t == HOSTILE_TITLE), "{titles}");
        browser.eval(
            "[...document.querySelectorAll('.hit h2 a')].find(a => a.textContent.includes('<script>'))\
             .scrollIntoView({block: 'center'})",
        );
        let at = browser.eval(
            "(() => { const r = [...document.querySelectorAll('.hit h2 a')].find(a => a.textContent.includes('<script>'))\
             .getBoundingClientRect(); return [r.x + 20, r.y + r.height / 2]; })()",
        );
        browser.call(
            "Input.dispatchMouseEvent",
            serde_json::json!({ "type": "mouseMoved", "x": at[0], "y": at[1] }),
        );
        assert_eq!(browser.eval("document.scripts.length"), 1, "only app.js");
        assert_eq!(browser.eval("document.querySelectorAll('.hit img, .hit b, .hit script').length"), 0);
        assert_eq!(browser.eval("typeof window.__pwned"), "undefined");
        browser.eval("window.scrollTo(0, 0)");
        browser.screenshot(&screenshot_path("serve-screenshot.png"));

        // Click a facet: fewer results, all with that person.
        let narrowed = server.json("/api/search?q=tariffs&person=Xi+Jinping&limit=10");
        browser.expect_render();
        browser.click(".facets button[data-filter='person'][data-value='Xi Jinping']");
        browser.settle();
        assert_eq!(browser.eval("new URLSearchParams(location.search).get('person')"), "Xi Jinping");
        assert_eq!(browser.count(".hit"), narrowed["hits"].as_array().unwrap().len() as u64);
        assert!(narrowed["total"].as_u64().unwrap() < total);
        assert_eq!(browser.count("#filters .chip[data-filter='person']"), 1);
        let shown = browser.eval("[...document.querySelectorAll('.hit h2 a')].map(a => a.textContent)");
        let expected: Vec<&Value> =
            narrowed["hits"].as_array().unwrap().iter().map(|h| &h["title"]).collect();
        assert_eq!(shown.as_array().unwrap().iter().collect::<Vec<_>>(), expected);

        // Click a month of the timeline: the date range narrows.
        browser.expect_render();
        browser.click(".bars button[data-month='2025-10']");
        browser.settle();
        assert_eq!(browser.eval("new URLSearchParams(location.search).get('from')"), "2025-10");
        let october = server.json("/api/search?q=tariffs&person=Xi+Jinping&from=2025-10&to=2025-10&limit=0");
        let summary = browser.eval("document.getElementById('summary').textContent");
        assert!(summary.as_str().unwrap().starts_with(&format!("{} article", october["total"])), "{summary}");

        // Open an article: its text with the entities marked.
        let first = browser.eval("document.querySelector('.hit h2 a').textContent");
        browser.expect_render();
        browser.click(".hit h2 a");
        browser.settle();
        let shown = "id => getComputedStyle(document.getElementById(id)).display !== 'none'";
        assert_eq!(browser.eval(&format!("[{shown}][0]('article-view')")), true);
        assert_eq!(browser.eval(&format!("[{shown}][0]('results-view')")), false, "one view at a time");
        assert_eq!(browser.eval("document.querySelector('#article h1').textContent"), first);
        assert!(browser.count("#article .body .ent.person") > 0, "people are marked in the text");
        assert!(browser.count("#article .body .ent.place") > 0, "places are marked in the text");
        assert!(browser.eval("new URLSearchParams(location.search).has('article')").as_bool().unwrap());
        let stray = browser.eval("document.getElementById('article').textContent.includes('null')");
        assert_eq!(stray, false, "no missing value is shown as `null`");
        browser.screenshot(&screenshot_path("serve-screenshot-article.png"));

        // Back to the results, then the hostile article opened by its URL.
        browser.expect_render();
        browser.call("Runtime.evaluate", serde_json::json!({ "expression": "history.back()" }));
        browser.settle();
        assert!(browser.count(".hit") > 0);
        let hostile = server.json(
            "/api/search?q=onmouseover+OR+pwned+OR+treasury&person=Xi+Jinping&from=2025-10-31&to=2025-10-31",
        )["hits"][0]["path"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(hostile.ends_with("hostile.txt"), "{hostile}");
        browser.navigate(&server.url(&format!("/?article={}", enc(&hostile))));
        assert_eq!(browser.eval("document.querySelector('#article h1').textContent"), HOSTILE_TITLE);
        let body = browser.eval("document.querySelector('#article .body').textContent");
        assert!(body.as_str().unwrap().contains("<img src=x onerror=\"window.__pwned = 3\">"), "{body}");
        assert!(body.as_str().unwrap().contains("\" onmouseover=\"window.__pwned = 4\""));
        assert_eq!(
            browser.eval("document.querySelectorAll('#article img, #article b, #article script').length"),
            0
        );
        browser.click("#article h1");
        assert_eq!(browser.eval("typeof window.__pwned"), "undefined");

        // Pagination: the next page starts where the first ended.
        browser.navigate(&server.url("/?q=tariffs"));
        browser.expect_render();
        browser.click(".pager button[rel='next']");
        browser.settle();
        assert_eq!(browser.eval("new URLSearchParams(location.search).get('offset')"), "10");
        let second = server.json("/api/search?q=tariffs&offset=10");
        assert_eq!(browser.count(".hit"), second["hits"].as_array().unwrap().len() as u64);
        assert!(browser.count(".hit") > 0);
        assert_eq!(
            browser.eval("document.querySelector('.hit h2 a').textContent"),
            second["hits"][0]["title"]
        );

        // A phone-sized screen: the results fit the width.
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": true }),
        );
        browser.navigate(&server.url("/?q=tariffs"));
        let overflow =
            browser.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert!(overflow.as_i64().unwrap() <= 0, "no horizontal scrolling at 375 px: {overflow}");
        browser.screenshot(&screenshot_path("serve-screenshot-phone.png"));

        assert!(browser.exceptions.is_empty(), "the page threw: {:?}", browser.exceptions);
    }
}
