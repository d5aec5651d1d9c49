//! A loopback HTTP server for the clients we cannot run or cannot make misbehave: it serves an
//! axum `Router`, records every request and answers a path's next requests with a fault when
//! told to. It has the shape of the test kit's `FakeServer`, which this crate cannot use: the
//! test kit depends on the whole service layer (SQLite included), which would make this crate's
//! test build several times longer.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::task::JoinHandle;
use url::Url;

const MAX_BODY: usize = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub enum Fault {
    /// Answers this status with an empty body.
    Status(StatusCode),
    /// Answers HTTP 200 with this body instead of the route's.
    Body(&'static str),
    /// Never answers.
    Hang,
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    faults: HashMap<String, VecDeque<Fault>>,
}

/// Stops serving when dropped.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

impl FakeServer {
    pub async fn start(routes: Router) -> FakeServer {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = routes.layer(middleware::from_fn_with_state(shared.clone(), record));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port is free");
        let addr = listener
            .local_addr()
            .expect("a bound socket has an address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("the fake server keeps serving");
        });
        FakeServer { addr, shared, task }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).expect("a loopback URL")
    }

    /// The next requests to `path` get these faults, one each, in order.
    pub fn inject(&self, path: &str, faults: impl IntoIterator<Item = Fault>) {
        self.lock()
            .faults
            .entry(path.to_owned())
            .or_default()
            .extend(faults);
    }

    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.lock()
            .requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared
            .lock()
            .expect("no test panicked holding the fake's state")
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record(
    State(shared): State<Arc<Mutex<Shared>>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    let fault = {
        let mut shared = shared.lock().expect("no handler panics holding the state");
        shared.requests.push(Recorded {
            method: parts.method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            body: body.clone(),
        });
        shared.faults.get_mut(&path).and_then(VecDeque::pop_front)
    };
    match fault {
        None => next.run(Request::from_parts(parts, Body::from(body))).await,
        Some(Fault::Status(status)) => {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = status;
            response
        }
        Some(Fault::Body(text)) => Response::new(Body::from(text)),
        Some(Fault::Hang) => std::future::pending().await,
    }
}

/// The body of a file under the repository's `tests/fixtures/`.
pub fn fixture_text(relative: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}
