#if canImport(Glibc)
import Glibc
#endif

/// Caps glibc's malloc arenas at two (one per core here) unless `MALLOC_ARENA_MAX` says otherwise.
///
/// By default glibc gives threads up to 8 arenas per core, and memory freed in one is kept for
/// reuse in that arena, not returned. The engine allocates from its 8 workers, 8 libcurl threads
/// and Swift's pool, so its RSS crept up with the number of invoices although its heap did not
/// (heaptrack, 5,000 invoices: 11 MB peak heap, 70 MB RSS; RSS 66 → 80 MiB from 1,000 to 10,000
/// invoices). With two arenas it grows far less (58 → 69 MiB) and the run is no slower (README, P1).
enum MallocArenas {
    /// `M_ARENA_MAX` of glibc's <malloc.h>, which Swift's Glibc module does not include.
    private static let arenaMaxParameter: Int32 = -8

    static func limit(to arenas: Int32 = 2) {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxParameter, arenas)
        #endif
    }
}
