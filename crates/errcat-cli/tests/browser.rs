//! The portal as a person uses it, in headless Chromium (Debian's `chromium`,
//! which `scripts/test` installs): load the home page, search, open an entry;
//! a screenshot of an entry page; the static site's search from disk.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn chromium() -> PathBuf {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("headless Chromium is needed: run `bash scripts/test`, which installs Debian's chromium")
}

/// Runs headless Chromium on `url` with extra flags; returns stdout.
fn browse(args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `errcat serve` on a free port, killed when dropped.
struct Portal {
    child: Child,
    base: String,
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Portal {
    fn start() -> Portal {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("address")
            .to_owned();
        Portal {
            child,
            base,
            _stdout: stdout,
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_person_loads_the_home_page_searches_and_opens_an_entry() {
    let portal = Portal::start();
    let home = browse(&["--dump-dom"], &portal.base);
    assert!(
        home.contains("Error reference") && home.contains("314 errors"),
        "{home}"
    );

    let results = browse(
        &["--dump-dom"],
        &format!("{}/?q=resorce_not_fuond", portal.base),
    );
    let link = results
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.contains("/errors/"))
        .expect("a result links to an entry");
    assert!(
        link.ends_with("/catalogs/clerk/errors/AllowlistIdentifierNotFound"),
        "{link}"
    );

    let entry = browse(&["--dump-dom"], &format!("{}{link}", portal.base));
    assert!(
        entry.contains("<h1><code>AllowlistIdentifierNotFound</code> — Identifier not found</h1>"),
        "{entry}"
    );
    assert!(entry.contains("No identifier was found with id {identifierID}"));
}

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (width, height)
}

#[test]
fn screenshot_of_an_entry_page_on_desktop_and_phone() {
    let portal = Portal::start();
    let dir = tempfile::tempdir().unwrap();
    for (name, size) in [("desktop", "1280,1400"), ("phone", "390,844")] {
        let shot = dir.path().join(format!("{name}.png"));
        browse(
            &[
                &format!("--window-size={size}"),
                &format!("--screenshot={}", shot.display()),
                "--hide-scrollbars",
            ],
            &format!("{}/catalogs/plunk/errors/TEMPLATE_NOT_FOUND", portal.base),
        );
        let (width, height) = png_size(&shot);
        assert_eq!(
            format!("{width},{height}"),
            size,
            "{name} screenshot has the window's size"
        );
        let bytes = std::fs::metadata(&shot).unwrap().len();
        assert!(
            bytes > 20_000,
            "{name} screenshot shows a rendered page ({bytes} bytes), not a blank one"
        );
    }
    let phone = browse(
        &["--window-size=390,844", "--dump-dom"],
        &format!("{}/catalogs/plunk/errors/TEMPLATE_NOT_FOUND", portal.base),
    );
    assert!(
        phone.contains(r#"name="viewport""#),
        "pages set a viewport for phones"
    );
}

#[test]
fn the_static_site_searches_from_disk_with_no_server() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["docs", "--format", "html", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let url = format!("file://{}?q=2004", out.join("index.html").display());
    let dom = browse(&["--dump-dom", "--allow-file-access-from-files"], &url);
    // The portal's wording: one ranking, one result page.
    assert!(dom.contains("1 result for “2004”"), "{dom}");
    assert!(
        dom.contains("catalogs/planfix/errors/2004.html"),
        "the hit links to the entry page"
    );
    // Regression: a misspelled code found nothing from disk.
    let url = format!(
        "file://{}?q=resorce_not_fuond",
        out.join("index.html").display()
    );
    let dom = browse(&["--dump-dom", "--allow-file-access-from-files"], &url);
    assert!(
        dom.contains("catalogs/clerk/errors/") && !dom.contains("0 results"),
        "{dom}"
    );
}

#[test]
fn the_static_catalog_table_filters_from_disk_with_no_server() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(["docs", "--format", "html", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let url = format!(
        "file://{}?status=404&filter=resource",
        out.join("catalogs/clerk/index.html").display()
    );
    let dom = browse(&["--dump-dom", "--allow-file-access-from-files"], &url);
    let count = dom
        .split(r#"id="f-count" aria-live="polite">"#)
        .nth(1)
        .and_then(|rest| rest.split(" of 314 errors").next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("a count of shown rows: {dom}"));
    assert!(count > 0 && count < 314, "{count} rows shown");
    assert!(
        dom.contains("do not edit by hand"),
        "the static site says it is generated"
    );
}

fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn explain_and_the_portal_entry_page_agree() {
    let portal = Portal::start();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    for (catalog, id) in [
        ("clerk", "UnsupportedCountry"),
        ("quapp", "000008"),
        ("planfix", "2004"),
        ("plunk", "VALIDATION_ERROR"),
    ] {
        let explained = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(["explain", id])
            .output()
            .unwrap();
        let explained = String::from_utf8(explained.stdout).unwrap();
        let page = agent
            .get(&format!("{}/catalogs/{catalog}/errors/{id}", portal.base))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        // Prose reads as inline Markdown on the page: `code` becomes <code>.
        let page = unescape(&page.replace("<code>", "`").replace("</code>", "`"));
        let mut section = "";
        for line in explained.lines() {
            if !line.starts_with(' ') && !line.is_empty() {
                section = line;
                continue;
            }
            let text = line.trim().trim_start_matches("- ");
            let shown = matches!(
                section,
                "Title"
                    | "Message"
                    | "Summary"
                    | "Description"
                    | "Causes"
                    | "Resolutions"
                    | "Suggestion"
            );
            if shown && !text.is_empty() {
                assert!(
                    page.contains(text),
                    "{catalog}/{id}: the page lacks {section} line {text:?}"
                );
            }
        }
        assert!(
            explained.contains("Message") || explained.contains("Title"),
            "{id} was explained"
        );
    }
}
