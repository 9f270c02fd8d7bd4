//! Per-phase durations for finding where a build spends its time: with `FOLIO_TIMINGS` set in
//! the environment, each phase prints its wall time, the CPU time the whole process spent
//! meanwhile (all threads: above the wall time when a phase runs on both cores, and including
//! any phase running beside it), and the process's resident and peak memory after it to
//! stderr. Off by default; it never changes what is built.

use std::sync::LazyLock;
use std::time::Instant;

static ENABLED: LazyLock<bool> = LazyLock::new(|| std::env::var_os("FOLIO_TIMINGS").is_some());

/// Runs `work`, reporting how long it took under `name` when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !*ENABLED {
        return work();
    }
    let (started, cpu_before) = (Instant::now(), cpu_ms());
    let value = work();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "timing {name:<20} {ms:8.1} ms  cpu {:8.1} ms  rss {:>4} MB  peak {:>4} MB",
        cpu_ms() - cpu_before,
        memory_mb("VmRSS:"),
        memory_mb("VmHWM:")
    );
    value
}

/// User and system time of every thread of this process so far, in milliseconds (Unix; 0
/// elsewhere).
fn cpu_ms() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given, which is zeroed and ours.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
            return ms(usage.ru_utime) + ms(usage.ru_stime);
        }
    }
    0.0
}

/// A memory figure of this process in MB (Linux; 0 elsewhere).
fn memory_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    kb / 1024
}
