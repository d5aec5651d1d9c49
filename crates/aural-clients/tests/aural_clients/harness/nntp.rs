//! A tiny read-only news server on loopback (TESTBEDS.md "A download that really completes"):
//! it serves the files of a folder as yEnc articles, one article per 64 KiB segment, and writes
//! the matching NZB, so NZBGet can finish a real download.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

const SEGMENT: usize = 64 * 1024;
const LINE: usize = 128;
const GROUP: &str = "alt.binaries.test";

/// Stops serving when dropped.
pub struct NewsServer {
    pub port: u16,
    pub nzb: Vec<u8>,
    task: JoinHandle<()>,
}

impl NewsServer {
    /// Serves every file directly in `folder`, in name order.
    pub async fn serve(folder: &Path) -> anyhow::Result<NewsServer> {
        let mut names: Vec<_> = std::fs::read_dir(folder)?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let mut articles = HashMap::new();
        let mut files = String::new();
        for (f, name) in names.iter().enumerate() {
            let bytes = std::fs::read(folder.join(name))?;
            let parts = bytes.chunks(SEGMENT).count();
            let mut segments = String::new();
            for p in 0..parts {
                let id = format!("f{f}p{}.{tag}@test.invalid", p + 1);
                let body = yenc_part(name, &bytes, p, parts);
                segments.push_str(&format!(
                    "<segment bytes=\"{}\" number=\"{}\">{id}</segment>",
                    body.len(),
                    p + 1
                ));
                articles.insert(format!("<{id}>"), body);
            }
            files.push_str(&format!(
                "<file poster=\"test &lt;test@example.invalid&gt;\" date=\"1700000000\" \
                 subject=\"&quot;{name}&quot; yEnc (1/{parts})\"><groups><group>{GROUP}</group></groups>\
                 <segments>{segments}</segments></file>\n"
            ));
        }
        let nzb = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <nzb xmlns=\"http://www.newzbin.com/DTD/2003/nzb\">\n\
             <head><meta type=\"title\">Usenet Book</meta></head>\n{files}</nzb>\n"
        )
        .into_bytes();
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let articles = Arc::new(articles);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, articles.clone()));
            }
        });
        Ok(NewsServer { port, nzb, task })
    }
}

impl Drop for NewsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One client: a greeting, then one answer per command line.
async fn session(socket: tokio::net::TcpStream, articles: Arc<HashMap<String, Vec<u8>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    if write
        .write_all(b"200 test news server ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let mut words = line.split_whitespace();
        let command = words.next().unwrap_or_default().to_ascii_uppercase();
        let arg = words.next().unwrap_or_default();
        let answer: Vec<u8> = match command.as_str() {
            "CAPABILITIES" => b"101 Capability list:\r\nVERSION 2\r\nREADER\r\n.\r\n".to_vec(),
            "MODE" => b"200 reader\r\n".to_vec(),
            "AUTHINFO" if arg.eq_ignore_ascii_case("USER") => b"381 password\r\n".to_vec(),
            "AUTHINFO" => b"281 ok\r\n".to_vec(),
            "GROUP" => format!("211 1 1 1 {arg}\r\n").into_bytes(),
            "DATE" => b"111 20260101000000\r\n".to_vec(),
            "QUIT" => {
                let _ = write.write_all(b"205 bye\r\n").await;
                return;
            }
            "ARTICLE" | "HEAD" | "BODY" | "STAT" => match articles.get(arg) {
                None => b"430 no such article\r\n".to_vec(),
                Some(body) => article(&command, arg, body),
            },
            _ => b"500 unknown command\r\n".to_vec(),
        };
        if write.write_all(&answer).await.is_err() {
            return;
        }
    }
}

fn article(command: &str, id: &str, body: &[u8]) -> Vec<u8> {
    let head = format!(
        "From: test <test@example.invalid>\r\nNewsgroups: {GROUP}\r\nSubject: test\r\nMessage-ID: {id}\r\n"
    );
    let mut out = Vec::new();
    match command {
        "STAT" => out.extend_from_slice(format!("223 0 {id}\r\n").as_bytes()),
        "HEAD" => {
            out.extend_from_slice(format!("221 0 {id}\r\n{head}.\r\n").as_bytes());
        }
        "BODY" => {
            out.extend_from_slice(format!("222 0 {id}\r\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b".\r\n");
        }
        _ => {
            out.extend_from_slice(format!("220 0 {id}\r\n{head}\r\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b".\r\n");
        }
    }
    out
}

/// Part `index` of `total` of `file` as yEnc lines ending in CRLF. A `.` that would start a
/// line is escaped, so no line needs NNTP dot-stuffing.
fn yenc_part(name: &str, file: &[u8], index: usize, total: usize) -> Vec<u8> {
    let begin = index * SEGMENT;
    let end = (begin + SEGMENT).min(file.len());
    let data = &file[begin..end];
    let mut out = format!(
        "=ybegin part={} total={total} line={LINE} size={} name={name}\r\n=ypart begin={} end={end}\r\n",
        index + 1,
        file.len(),
        begin + 1
    )
    .into_bytes();
    let mut line: Vec<u8> = Vec::new();
    for (i, byte) in data.iter().enumerate() {
        let encoded = byte.wrapping_add(42);
        let edge = line.is_empty() || i + 1 == data.len();
        let critical = matches!(encoded, 0 | b'\n' | b'\r' | b'=')
            || (edge && matches!(encoded, b'\t' | b' '))
            || (line.is_empty() && encoded == b'.');
        if critical {
            line.push(b'=');
            line.push(encoded.wrapping_add(64));
        } else {
            line.push(encoded);
        }
        if line.len() >= LINE {
            out.extend_from_slice(&line);
            out.extend_from_slice(b"\r\n");
            line.clear();
        }
    }
    if !line.is_empty() {
        out.extend_from_slice(&line);
        out.extend_from_slice(b"\r\n");
    }
    let mut trailer = format!(
        "=yend size={} part={} pcrc32={:08x}",
        data.len(),
        index + 1,
        crc32fast::hash(data)
    );
    if index + 1 == total {
        trailer.push_str(&format!(" crc32={:08x}", crc32fast::hash(file)));
    }
    out.extend_from_slice(trailer.as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}
