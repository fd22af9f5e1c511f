import ArgumentParser

struct InitCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a commented configuration template.")
    static let arrivesWith = "the configuration module"
}

struct SimCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "sim", abstract: "The simulators alone.")
    static let arrivesWith = "the simulators"
}

struct DemoCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "The main job on the embedded sample data.")
    static let arrivesWith = "the simulators"
}
