// swift-tools-version:6.1
// FieldLedger: ServiceTrade / PartsManager → Business Central sync engine, audit store and console.
// Module boundaries are part of the architecture (see README "Shape"): the core imports no UI,
// and the simulators import nothing of the core.
import PackageDescription

let package = Package(
    name: "FieldLedger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fieldledger", targets: ["fieldledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        // System libraries (Debian packages; see Makefile `deps`).
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Transport only: libcurl on dedicated threads, no knowledge of any API.
        .target(name: "FieldLedgerHTTP", dependencies: [
            "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Domain, store, audit, config, roles, mapping, validation, sync, connectors. No UI.
        .target(name: "FieldLedgerCore", dependencies: [
            "FieldLedgerHTTP",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Simulated Business Central, ServiceTrade and PartsManager APIs, written from the
        // API references alone: never imports FieldLedgerCore.
        .target(name: "FieldLedgerSim", dependencies: [
            "FieldLedgerHTTP",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: [
            // The documented choices where the public API material is silent (merged into the README).
            "BusinessCentral/DATA-FORMAT.md", "BusinessCentral/ErrorStatusChoices.md",
            "ServiceTrade/SERVICETRADE-CHOICES.md", "PartsManager/PARTSMANAGER-CHOICES.md",
        ]),
        // The console: state → reduce → render into a cell grid; ncurses only in the adapter.
        .target(name: "FieldLedgerTUI", dependencies: [
            "FieldLedgerCore", "CNCurses",
            .product(name: "TOMLKit", package: "TOMLKit"),  // themes/*.toml
        ]),
        .executableTarget(name: "fieldledger", dependencies: [
            "FieldLedgerCore", "FieldLedgerSim", "FieldLedgerTUI", "FieldLedgerHTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "FieldLedgerHTTPTests", dependencies: [
            "FieldLedgerHTTP",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "FieldLedgerCoreTests", dependencies: [
            "FieldLedgerCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "FieldLedgerSimTests", dependencies: ["FieldLedgerSim", "FieldLedgerHTTP"],
                    exclude: ["Fixtures"]),  // read from disk by the tests (the simulator data format)
        .testTarget(name: "FieldLedgerTUITests", dependencies: ["FieldLedgerTUI"]),
        // The engine against the simulators over real HTTP on loopback (connectors, posting, faults).
        .testTarget(name: "EngineTests", dependencies: ["FieldLedgerCore", "FieldLedgerSim", "FieldLedgerHTTP",
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        // Drives the built `fieldledger` binary as a user would (exit codes, output, tmux).
        .testTarget(name: "EndToEndTests", dependencies: ["FieldLedgerCore", "FieldLedgerHTTP",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
