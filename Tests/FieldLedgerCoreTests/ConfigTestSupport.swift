import Foundation
@testable import FieldLedgerCore

/// A private temporary folder for one test, removed by `remove()`.
struct ConfigTestFolder {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("fieldledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    /// Writes `text` to `name` inside the folder with `mode`, returning the full path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Loads `text` as a configuration file named `name` in a fresh folder; returns the error text or
/// `nil` when it loaded.
func configErrors(_ text: String, name: String = "fieldledger.toml", environment: [String: String] = [:],
                  credentials: CredentialsLoading = .skip) throws -> String? {
    let folder = try ConfigTestFolder()
    defer { folder.remove() }
    let path = try folder.write(name, text, mode: 0o644)
    do {
        _ = try FieldLedgerConfig.load(path: path, environment: environment, credentials: credentials, redactor: Redactor())
        return nil
    } catch {
        return error.description.replacingOccurrences(of: path, with: name)
    }
}
