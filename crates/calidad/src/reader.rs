//! Reading ahead on a second thread: the reader thread reads fixed chunks and computes the
//! SHA-256 while the validator works on earlier chunks, so hashing costs no validation time.
//! Memory stays bounded: at most [`DEPTH`] chunks are in flight.

use sha2::{Digest, Sha256};
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{self, JoinHandle};

/// Chunks in flight between the threads.
const DEPTH: usize = 4;

/// A [`Read`] over chunks produced by a reader thread that also hashes them.
pub(crate) struct ReadAhead {
    chunks: Receiver<io::Result<Vec<u8>>>,
    spare: SyncSender<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    done: bool,
    hasher: Option<JoinHandle<String>>,
}

impl ReadAhead {
    /// Starts reading `source` on a new thread, `chunk` bytes at a time.
    pub(crate) fn spawn<R: Read + Send + 'static>(
        mut source: R,
        chunk: usize,
    ) -> io::Result<ReadAhead> {
        let chunk = chunk.max(1);
        let (send, chunks) = sync_channel::<io::Result<Vec<u8>>>(DEPTH);
        let (spare, spares) = sync_channel::<Vec<u8>>(DEPTH + 2);
        let hasher = thread::Builder::new()
            .name("calidad-read".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                loop {
                    let mut buffer: Vec<u8> = spares.try_recv().unwrap_or_default();
                    buffer.resize(chunk, 0);
                    match fill(&mut source, &mut buffer) {
                        Ok(0) => break,
                        Ok(n) => {
                            buffer.truncate(n);
                            hasher.update(&buffer);
                            if send.send(Ok(buffer)).is_err() {
                                break;
                            }
                        }
                        Err(error) => {
                            let _ = send.send(Err(error));
                            break;
                        }
                    }
                }
                calidad_core::engine::hex(&hasher.finalize())
            })?;
        Ok(ReadAhead {
            chunks,
            spare,
            current: Vec::new(),
            at: 0,
            done: false,
            hasher: Some(hasher),
        })
    }

    /// The SHA-256 of everything the thread read (call after reading to the end).
    pub(crate) fn digest(mut self) -> String {
        self.done = true;
        self.hasher
            .take()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default()
    }
}

/// Reads until `buffer` is full or the source ends.
fn fill(source: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

impl Read for ReadAhead {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        while self.at == self.current.len() {
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(next)) => {
                    let used = std::mem::replace(&mut self.current, next);
                    let _ = self.spare.try_send(used);
                    self.at = 0;
                }
                Ok(Err(error)) => {
                    self.done = true;
                    return Err(error);
                }
                Err(_) => {
                    self.done = true;
                    return Ok(0);
                }
            }
        }
        let n = out.len().min(self.current.len() - self.at);
        out[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_bytes_through_and_hashes_them() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut reader = ReadAhead::spawn(io::Cursor::new(data.clone()), 777).unwrap();
        let mut out = Vec::new();
        let mut piece = [0u8; 1000];
        loop {
            let n = reader.read(&mut piece).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&piece[..n]);
        }
        assert_eq!(out, data);
        let expected = calidad_core::engine::hex(&Sha256::digest(&data));
        assert_eq!(reader.digest(), expected);
    }

    #[test]
    fn read_errors_reach_the_reader() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut reader = ReadAhead::spawn(Failing, 16).unwrap();
        let error = reader.read(&mut [0u8; 4]).unwrap_err();
        assert_eq!(error.to_string(), "disk on fire");
        assert_eq!(reader.read(&mut [0u8; 4]).unwrap(), 0);
    }
}
