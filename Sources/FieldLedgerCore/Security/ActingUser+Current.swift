#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ActingUser {
    /// The person running this process: the effective OS user (over SSH, each operator is one)
    /// with the names of their primary and supplementary groups. A uid without a passwd entry
    /// (a container, a deleted account) is named `uid1234`; groups without a name are left out.
    public static func current() -> ActingUser {
        let uid = geteuid()
        let entry = OSAccounts.passwd(uid: uid)
        var ids: [gid_t] = [entry?.gid ?? getegid()]
        let count = getgroups(0, nil)
        if count > 0 {
            var supplementary = [gid_t](repeating: 0, count: Int(count))
            let filled = getgroups(count, &supplementary)
            if filled > 0 { ids += supplementary.prefix(Int(filled)) }
        }
        var names: [String] = []
        for id in ids {
            if let name = OSAccounts.groupName(gid: id), !names.contains(name) { names.append(name) }
        }
        return ActingUser(name: entry?.name ?? "uid\(uid)", groups: names)
    }
}
