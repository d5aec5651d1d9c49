//! A loopback SABnzbd (Debian has none) on the test kit's `FakeServer`, answering `/sabnzbd/api`
//! the way SABnzbd 4's `sabnzbd/api.py` and `interface.py` do: `mode=version` without a key,
//! 403 with the text `API Key Incorrect` for a wrong key, numbers as strings in the queue,
//! `{"status", "nzo_ids"}` for changes. Its history starts with one completed and one failed job.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::fake::FakeServer;
use aural_clients::Connection;
use aural_core::Sensitive;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};

pub const PATH: &str = "/sabnzbd/api";
pub const COMPLETED: &str = "SABnzbd_nzo_k2f8rx4q";
pub const FAILED: &str = "SABnzbd_nzo_9wz1aa0c";
const MIB: f64 = 1024.0 * 1024.0;

pub struct FakeSabnzbd {
    pub server: FakeServer,
    pub key: String,
}

struct Job {
    nzo_id: String,
    name: String,
    cat: String,
    paused: bool,
    bytes: u64,
    file: String,
}

struct Sab {
    key: String,
    queue: Vec<Job>,
    history: Vec<Value>,
    added: usize,
}

type Shared = Arc<Mutex<Sab>>;

impl FakeSabnzbd {
    pub async fn start() -> FakeSabnzbd {
        let key = format!("{:032x}", uuid::Uuid::new_v4().as_u128());
        let sab = Sab {
            key: key.clone(),
            queue: vec![],
            history: vec![
                json!({
                    "nzo_id": COMPLETED, "name": "Finished Author - Finished Book",
                    "nzb_name": "Finished Author - Finished Book.nzb", "category": "audiobooks",
                    "status": "Completed", "fail_message": "", "bytes": 1_153_434,
                    "size": "1.1 MB", "storage": "/downloads/complete/audiobooks/Finished Author - Finished Book",
                    "path": "/downloads/incomplete/Finished Author - Finished Book",
                    "download_time": 2, "completed": 1_700_000_100,
                }),
                json!({
                    "nzo_id": FAILED, "name": "Broken Author - Broken Book",
                    "nzb_name": "Broken Author - Broken Book.nzb", "category": "audiobooks",
                    "status": "Failed",
                    "fail_message": "Aborted, cannot be completed - https://sabnzbd.org/not-complete",
                    "bytes": 0, "size": "0 B", "storage": null,
                    "path": "/downloads/incomplete/Broken Author - Broken Book",
                    "download_time": 0, "completed": 1_700_000_200,
                }),
            ],
            added: 0,
        };
        let routes = Router::new()
            .route(PATH, any(answer))
            .with_state(Arc::new(Mutex::new(sab)));
        FakeSabnzbd {
            server: FakeServer::start(routes).await,
            key,
        }
    }

    pub fn connection(&self) -> Connection {
        self.connection_with(&self.key)
    }

    pub fn connection_with(&self, key: &str) -> Connection {
        Connection {
            url: self.server.url("/sabnzbd"),
            username: None,
            password: Some(Sensitive::new(key.to_owned())),
        }
    }
}

async fn answer(
    State(sab): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let arg = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
    let mode = arg("mode");
    if mode == "version" {
        return axum::Json(json!({ "version": "4.5.1" })).into_response();
    }
    let mut sab = sab.lock().expect("not poisoned");
    match arg("apikey") {
        "" => return (StatusCode::FORBIDDEN, "API Key Required").into_response(),
        key if key != sab.key => {
            return (StatusCode::FORBIDDEN, "API Key Incorrect").into_response();
        }
        _ => {}
    }
    let value = arg("value").to_owned();
    let answer = match (mode, arg("name")) {
        ("addfile", _) => sab.add(&query, &body),
        ("queue", "pause" | "resume") => {
            let paused = arg("name") == "pause";
            let found: Vec<String> = sab
                .queue
                .iter_mut()
                .filter(|j| j.nzo_id == value)
                .map(|j| {
                    j.paused = paused;
                    j.nzo_id.clone()
                })
                .collect();
            json!({ "status": !found.is_empty(), "nzo_ids": found })
        }
        ("queue", "delete") => {
            let before = sab.queue.len();
            sab.queue.retain(|j| j.nzo_id != value);
            let removed = before != sab.queue.len();
            let ids: Vec<&str> = if removed {
                vec![value.as_str()]
            } else {
                vec![]
            };
            json!({ "status": removed, "nzo_ids": ids })
        }
        ("queue", _) => sab.queue_json(),
        ("history", "delete") => {
            sab.history.retain(|h| h["nzo_id"] != value.as_str());
            json!({ "status": true })
        }
        ("history", _) => json!({
            "history": { "noofslots": sab.history.len(), "slots": sab.history.clone() }
        }),
        ("get_files", _) => {
            let files: Vec<Value> = sab
                .queue
                .iter()
                .filter(|j| j.nzo_id == value)
                .map(|j| {
                    json!({
                        "filename": j.file, "mbleft": format!("{:.2}", j.bytes as f64 / MIB),
                        "mb": format!("{:.2}", j.bytes as f64 / MIB), "bytes": format!("{:.2}", j.bytes as f64),
                        "age": "2d", "nzf_id": "SABnzbd_nzf_1", "status": "queued",
                    })
                })
                .collect();
            json!({ "files": files })
        }
        _ => json!({ "status": false, "error": "not implemented" }),
    };
    axum::Json(answer).into_response()
}

impl Sab {
    /// Takes the multipart field `name` holding an NZB; anything that is not an NZB is refused
    /// the way SABnzbd refuses it: `status: false` and no ids.
    fn add(&mut self, query: &HashMap<String, String>, body: &[u8]) -> Value {
        let text = String::from_utf8_lossy(body);
        let named = text.contains("name=\"name\"") || text.contains("name=\"nzbfile\"");
        if !named || !text.contains("<nzb") {
            return json!({ "status": false, "nzo_ids": [] });
        }
        let bytes: u64 = text
            .split("bytes=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse::<u64>().ok())
            .sum();
        let file = text
            .split("subject=\"&quot;")
            .nth(1)
            .and_then(|rest| rest.split("&quot;").next())
            .unwrap_or("file.bin")
            .to_owned();
        self.added += 1;
        let nzo_id = format!("SABnzbd_nzo_test{:04}", self.added);
        self.queue.push(Job {
            nzo_id: nzo_id.clone(),
            name: query.get("nzbname").cloned().unwrap_or_default(),
            cat: query.get("cat").cloned().unwrap_or_else(|| "*".to_owned()),
            paused: query.get("priority").map(String::as_str) == Some("-2"),
            bytes,
            file,
        });
        json!({ "status": true, "nzo_ids": [nzo_id] })
    }

    fn queue_json(&self) -> Value {
        let slots: Vec<Value> = self
            .queue
            .iter()
            .enumerate()
            .map(|(index, j)| {
                let mb = format!("{:.2}", j.bytes as f64 / MIB);
                json!({
                    "index": index, "nzo_id": j.nzo_id, "unpackopts": "3", "priority": "Normal",
                    "script": "None", "filename": j.name, "labels": [], "password": "",
                    "cat": j.cat, "mbleft": mb, "mb": mb, "size": "98.1 KB", "sizeleft": "98.1 KB",
                    "percentage": "0", "mbmissing": "0.00", "direct_unpack": null,
                    "status": if j.paused { "Paused" } else { "Queued" },
                    "timeleft": "0:00:00", "avg_age": "2d", "time_added": 1_700_000_000,
                })
            })
            .collect();
        json!({
            "queue": {
                "status": "Idle", "speedlimit": "100", "speedlimit_abs": "", "paused": false,
                "noofslots_total": slots.len(), "noofslots": slots.len(), "limit": 0, "start": 0,
                "timeleft": "0:00:00", "speed": "0 ", "kbpersec": "0.00", "size": "98.1 KB",
                "sizeleft": "98.1 KB", "mb": "0.10", "mbleft": "0.10", "slots": slots,
            }
        })
    }
}
