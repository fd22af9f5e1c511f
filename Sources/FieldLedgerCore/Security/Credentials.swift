/// The secrets available to this process: each from its environment variable when set (and not
/// empty), else from the credentials file. Connectors ask for what they need with
/// ``require(_:)``, whose error says exactly where to put the missing secret.
public struct Credentials: Sendable {
    private var secrets: [SecretName: Secret]
    /// The credentials file these came from (named in "missing secret" messages).
    public let file: String

    public init(_ secrets: [SecretName: Secret] = [:], file: String = "fieldledger.credentials") {
        self.secrets = secrets
        self.file = file
    }

    public subscript(name: SecretName) -> Secret? { secrets[name] }

    /// The secret, or a ``ConfigError`` naming the environment variable and the credentials file
    /// entry that would provide it.
    public func require(_ name: SecretName) throws(ConfigError) -> Secret {
        guard let secret = secrets[name] else {
            throw ConfigError(ConfigError.missingSecret(file, line: nil, secret: name, credentialsFile: file))
        }
        return secret
    }

    /// The names of the secrets present (never their values).
    public var available: Set<SecretName> { Set(secrets.keys) }
}
