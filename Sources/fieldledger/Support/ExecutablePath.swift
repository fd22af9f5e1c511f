import Foundation

/// The running binary's real path (argv[0] may be a bare name found on PATH): for finding the
/// themes shipped beside it and for benchmarks that time whole `fieldledger` processes.
func currentExecutablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return CommandLine.arguments.first ?? "fieldledger" }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
