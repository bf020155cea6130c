// The allocator of articled's binaries, and its options: `include!`d by `src/main.rs`
// and `examples/sled_memory.rs` (whose memory figures are meant to be the daemon's),
// not a module of the library. An allocator is declared once per binary, and the
// options' symbol must not sit in the library, where every binary linking it would
// export it.

/// The pipeline's stages allocate on one thread what another frees; jemalloc takes
/// that better than glibc's malloc, in time and in memory (BENCHMARKS.md).
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (`_RJEM_MALLOC_CONF` in the environment
/// adds to them). One arena: the stages' threads allocate through their own caches
/// anyway, and one arena holds less memory idle than one per core. Freed pages are
/// handed back to the system after a second, not ten, so an idle daemon shrinks soon
/// after a burst.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: Option<&u8> = Some(&b"narenas:1,dirty_decay_ms:1000\0"[0]);
