//! A loopback HTTP server for services we cannot run: a test (or a service fake built on this
//! skeleton) gives it an axum `Router`; it records every request and can be told to answer a
//! path's next requests with a fault instead.

mod faults;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::{self, Next};
use axum::response::Response;
use bytes::Bytes;
use tokio::task::JoinHandle;
use url::Url;

pub use faults::Fault;

/// The largest request body recorded; the fakes never receive uploads.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub at: Instant,
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
    /// Serves `routes` on 127.0.0.1 at a free port.
    pub async fn start(routes: Router) -> FakeServer {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = routes.layer(middleware::from_fn_with_state(
            shared.clone(),
            record_and_inject,
        ));
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

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port><path_and_query>`.
    pub fn url(&self, path_and_query: &str) -> Url {
        Url::parse(&format!("http://{}{path_and_query}", self.addr))
            .expect("a loopback address and a path make a URL")
    }

    /// The next requests to `path` (any method) get these faults, one each, in order; later
    /// requests reach the routes again.
    pub fn inject(&self, path: &str, faults: impl IntoIterator<Item = Fault>) {
        self.lock()
            .faults
            .entry(path.to_owned())
            .or_default()
            .extend(faults);
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
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
            .expect("no test panicked while holding the fake server's state")
    }
}

impl Drop for FakeServer {
    // A hung handler would keep a graceful shutdown waiting forever, so the server is aborted.
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record_and_inject(
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
        let mut shared = shared
            .lock()
            .expect("no handler panics while holding the state");
        shared.requests.push(Recorded {
            method: parts.method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            body: body.clone(),
            at: Instant::now(),
        });
        shared.faults.get_mut(&path).and_then(VecDeque::pop_front)
    };
    let request = Request::from_parts(parts, Body::from(body));
    match fault {
        Some(fault) => fault.answer(request, next).await,
        None => next.run(request).await,
    }
}
