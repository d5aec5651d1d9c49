//! A stand-in daemon for the test of the daemon guard: starts a child process (as real daemons
//! start workers), writes the child's pid to the file named by its second argument, then answers
//! every HTTP request on 127.0.0.1:<first argument> with 200.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let port = args.next().unwrap_or_default();
    let pid_file = args.next().unwrap_or_default();
    let worker = Command::new("sleep").arg("600").spawn()?;
    std::fs::write(pid_file, worker.id().to_string())?;
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request)?;
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")?;
    }
    Ok(())
}
