#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which hosts bypass a proxy.
///
/// libcurl picks up `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` from the environment
/// by itself. Setting `CURLOPT_NOPROXY` replaces the environment's `no_proxy`, so the list we set
/// is the environment's list plus the loopback names: the simulators and the webhook listener
/// on 127.0.0.1 must never be reached through a corporate proxy, whatever the environment says.
enum ProxyPolicy {
    static let loopbackHosts = ["localhost", "127.0.0.1", "::1"]

    /// The `CURLOPT_NOPROXY` value for an environment (`no_proxy` wins over `NO_PROXY`, as in
    /// libcurl). A lone `*` (no proxy for anyone) is kept as it is.
    static func noProxyList(environment: [String: String]) -> String {
        let configured = environment["no_proxy"] ?? environment["NO_PROXY"] ?? ""
        let trimmed = configured.trimmingSpaces
        if trimmed == "*" { return "*" }
        var hosts = loopbackHosts
        for entry in trimmed.split(separator: ",") {
            let host = String(entry).trimmingSpaces
            if !host.isEmpty, !hosts.contains(host) { hosts.append(host) }
        }
        return hosts.joined(separator: ",")
    }

    /// The process environment's proxy exceptions, read once per client.
    static func noProxyListFromProcess() -> String {
        var environment: [String: String] = [:]
        for name in ["no_proxy", "NO_PROXY"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return noProxyList(environment: environment)
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[start...end])
    }
}
