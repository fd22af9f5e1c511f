import ArgumentParser
import FieldLedgerCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented configuration template (and a private credentials template beside it).",
        discussion: """
            Writes fieldledger.toml (mode 0644) with every key, its default and what it means, and \
            fieldledger.credentials (mode 0600) for the secrets. Never overwrites an existing file.
            """)

    @Option(help: ArgumentHelp("Where to write the configuration.", valueName: "path"))
    var config: String = FieldLedgerConfig.defaultPath

    func run() throws {
        let written = try ConfigTemplate.write(configPath: config)
        for path in written { Output.line("wrote \(path)") }
        Output.line("next: fill in the [business_central] and [servicetrade] sections and the secrets, then run 'fieldledger sync --once'")
    }
}
