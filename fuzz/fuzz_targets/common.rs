//! What every target shares: panics that calidad contains (a third-party reader panicking on a
//! damaged file, reported as unreadable) are quiet; one that escapes still aborts the run, which
//! libFuzzer reports as a crash.

/// Replaces libFuzzer's abort-on-any-panic hook with a silent one, once.
pub fn contain_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}
