//! The page's side: a `File` or `Blob` read slice by slice in a Web Worker, progress posted
//! back through a JavaScript callback, the result as JSON text.

use crate::{PageOptions, Progress};
use std::io::Read;
use wasm_bindgen::prelude::*;

/// Bytes read from the `Blob` at a time: large enough that crossing into JavaScript costs
/// nothing measurable, small enough that memory stays flat whatever the file's size.
const SLICE: f64 = 1024.0 * 1024.0;

/// Progress is reported every this many bytes.
const PROGRESS_STEP: u64 = 2 * 1024 * 1024;

/// A [`Read`] over a `Blob`, one slice at a time (`FileReaderSync`: workers only).
struct BlobReader {
    blob: web_sys::Blob,
    reader: web_sys::FileReaderSync,
    offset: f64,
    size: f64,
    chunk: Vec<u8>,
    at: usize,
}

impl BlobReader {
    /// A reader from the start of `blob` (`FileReaderSync` exists only in workers).
    fn new(blob: web_sys::Blob) -> Result<BlobReader, JsValue> {
        Ok(BlobReader {
            reader: web_sys::FileReaderSync::new()?,
            offset: 0.0,
            size: blob.size(),
            blob,
            chunk: Vec::new(),
            at: 0,
        })
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.chunk.len() {
            if self.offset >= self.size {
                return Ok(0);
            }
            let end = (self.offset + SLICE).min(self.size);
            let slice = self
                .blob
                .slice_with_f64_and_f64(self.offset, end)
                .map_err(|e| std::io::Error::other(describe(&e)))?;
            let buffer = self
                .reader
                .read_as_array_buffer(&slice)
                .map_err(|e| std::io::Error::other(describe(&e)))?;
            self.chunk = js_sys::Uint8Array::new(&buffer).to_vec();
            self.at = 0;
            self.offset = end;
            if self.chunk.is_empty() {
                return Ok(0);
            }
        }
        let n = out.len().min(self.chunk.len() - self.at);
        out[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn describe(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(error, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the browser could not read the file".to_owned())
}

fn page_json(page: Result<crate::Page, String>) -> Result<String, JsValue> {
    let page = page.map_err(|e| JsValue::from_str(&e))?;
    serde_json::to_string(&page).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Validates a dropped file (in a Web Worker). `options` is the page's JSON options;
/// `progress(bytesRead, totalBytes)` is called as the file is read. Returns the page's JSON:
/// `{report, fileMark, band, revealed}`.
#[wasm_bindgen(js_name = validateBlob)]
pub fn validate_blob(
    blob: web_sys::Blob,
    name: &str,
    options: &str,
    progress: &js_sys::Function,
) -> Result<String, JsValue> {
    let options = PageOptions::from_json(options).map_err(|e| JsValue::from_str(&e))?;
    let size = blob.size();
    let source = Progress::new(BlobReader::new(blob)?, PROGRESS_STEP, |read| {
        // A progress callback that throws must not stop the validation.
        let _ = progress.call2(
            &JsValue::NULL,
            &JsValue::from_f64(read as f64),
            &JsValue::from_f64(size),
        );
    });
    page_json(crate::validate(source, name, &options))
}

/// Writes a corrected copy of a dropped file, in memory (in a Web Worker): returns
/// `{report, files: [{name, text}]}` JSON — each table's CSV and Table Schema, the change log.
#[wasm_bindgen(js_name = fixBlob)]
pub fn fix_blob(blob: web_sys::Blob, name: &str, options: &str) -> Result<String, JsValue> {
    let options = PageOptions::from_json(options).map_err(|e| JsValue::from_str(&e))?;
    crate::fix(BlobReader::new(blob)?, name, &options).map_err(|e| JsValue::from_str(&e))
}

/// Validates bytes already in memory (Node, tests, small files).
#[wasm_bindgen(js_name = validateBytes)]
pub fn validate_bytes(bytes: &[u8], name: &str, options: &str) -> Result<String, JsValue> {
    let options = PageOptions::from_json(options).map_err(|e| JsValue::from_str(&e))?;
    page_json(crate::validate(bytes, name, &options))
}

/// Every code with its explanation, as JSON (`calidad explain`).
#[wasm_bindgen]
pub fn rules(lang: &str) -> String {
    crate::rules_json(lang)
}

/// calidad's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
