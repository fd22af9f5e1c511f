#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private typealias PasswdEntry = Glibc.passwd
#else
private typealias PasswdEntry = Darwin.passwd
#endif

/// Thread-safe lookups in the OS user and group databases (`getpwuid_r`, `getgrgid_r`,
/// `getgrnam_r`: the non-`_r` variants share static buffers and are not safe off one thread).
public enum OSAccounts {
    /// The user name of `uid`, or `nil` when it has no passwd entry.
    public static func userName(uid: uid_t) -> String? {
        passwd(uid: uid)?.name
    }

    /// The name of group `gid`, or `nil` when it has no group entry.
    public static func groupName(gid: gid_t) -> String? {
        withBuffer { buffer, size -> String?? in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            let status = getgrgid_r(gid, &entry, buffer, size, &result)
            if status == ERANGE { return nil }
            guard status == 0, result != nil, let name = entry.gr_name else { return .some(nil) }
            return .some(String(cString: name))
        }
    }

    /// The id of the group called `name` (for creating a store shared with `[store] shared_group`),
    /// or `nil` when there is no such group.
    public static func groupID(named name: String) -> gid_t? {
        withBuffer { buffer, size -> gid_t?? in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            let status = getgrnam_r(name, &entry, buffer, size, &result)
            if status == ERANGE { return nil }
            guard status == 0, result != nil else { return .some(nil) }
            return .some(entry.gr_gid)
        }
    }

    /// Name and primary group of `uid`.
    static func passwd(uid: uid_t) -> (name: String, gid: gid_t)? {
        withBuffer { buffer, size -> (name: String, gid: gid_t)?? in
            var entry = PasswdEntry()
            var result: UnsafeMutablePointer<PasswdEntry>?
            let status = getpwuid_r(uid, &entry, buffer, size, &result)
            if status == ERANGE { return nil }
            guard status == 0, result != nil, let name = entry.pw_name else { return .some(nil) }
            return .some((String(cString: name), entry.pw_gid))
        }
    }

    /// Runs `body` with a growing buffer until it stops answering "too small" (`nil`).
    private static func withBuffer<T>(_ body: (UnsafeMutablePointer<CChar>, Int) -> T??) -> T? {
        var size = 1024
        while size <= 1 << 20 {
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
            defer { buffer.deallocate() }
            if let answer = body(buffer, size) { return answer }
            size *= 4
        }
        return nil
    }
}
