import ArgumentParser

/// Options every command that touches the store or the configuration accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file (default: $FIELDLEDGER_CONFIG, else ./fieldledger.toml).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The store file; overrides [store] path of the configuration.", valueName: "path"))
    var store: String?
}

/// `--json` for query commands: one JSON document on standard output.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false
}
