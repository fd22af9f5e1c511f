import Foundation

extension Theme {
    /// The default theme's file text, compiled in so the console always has a usable theme
    /// (a test checks that `themes/default.toml` is exactly this text).
    public static let builtinDefaultText = #"""
    # FieldLedger console theme: default.
    # Keeps the terminal's own background (-1), so it reads on dark and light terminals alike.
    # Each role: fg/bg = 256-colour numbers (0-255, -1 = the terminal's own),
    # fg8/bg8 = default|black|red|green|yellow|blue|magenta|cyan|white for 8-colour terminals,
    # attrs = attributes in every mode, mono = attributes used instead of colour when there is none.
    # Status is never carried by colour alone: every state is also written as a word or symbol.
    name = "default"
    description = "Terminal background, blue accents; for dark and light terminals."

    [roles]
    text      = { fg = -1,  bg = -1,  fg8 = "default", bg8 = "default" }
    dim       = { fg = 244, bg = -1,  fg8 = "default", bg8 = "default", mono = ["dim"] }
    accent    = { fg = 39,  bg = -1,  fg8 = "cyan",    bg8 = "default", attrs = ["bold"] }
    selection = { fg = 231, bg = 25,  fg8 = "white",   bg8 = "blue",    mono = ["reverse"] }
    ok        = { fg = 34,  bg = -1,  fg8 = "green",   bg8 = "default" }
    warn      = { fg = 178, bg = -1,  fg8 = "yellow",  bg8 = "default", mono = ["bold"] }
    error     = { fg = 196, bg = -1,  fg8 = "red",     bg8 = "default", attrs = ["bold"] }
    header    = { fg = -1,  bg = -1,  fg8 = "default", bg8 = "default", attrs = ["bold", "underline"] }
    title     = { fg = 231, bg = 24,  fg8 = "white",   bg8 = "blue",    attrs = ["bold"], mono = ["reverse"] }
    keybar    = { fg = 16,  bg = 38,  fg8 = "black",   bg8 = "cyan",    mono = ["reverse"] }
    keybarKey = { fg = 231, bg = -1,  fg8 = "white",   bg8 = "default", attrs = ["bold"] }
    status    = { fg = 231, bg = 238, fg8 = "white",   bg8 = "blue",    mono = ["reverse"] }
    input     = { fg = -1,  bg = -1,  fg8 = "default", bg8 = "default", attrs = ["bold"] }
    """#

    /// The compiled-in default theme.
    public static let builtinDefault: Theme = {
        // The text above is tested; should it ever fail to parse, plain attributes still work.
        (try? Theme.parse(builtinDefaultText, origin: "built-in default"))
            ?? Theme(name: "default", description: "", styles: [:])
    }()

    /// Where theme files are looked for, in order: `$FIELDLEDGER_THEMES`, `./themes`,
    /// `share/fieldledger/themes` beside the binary's folder (installed layout), then a `themes`
    /// folder in an ancestor of the binary (a build inside the source tree).
    public static func searchDirectories(environment: [String: String], executablePath: String) -> [String] {
        var dirs: [String] = []
        if let env = environment["FIELDLEDGER_THEMES"], !env.isEmpty { dirs.append(env) }
        dirs.append(FileManager.default.currentDirectoryPath + "/themes")
        var folder = (executablePath as NSString).deletingLastPathComponent
        dirs.append(((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/fieldledger/themes"))
        for _ in 0..<5 where folder.count > 1 {
            folder = (folder as NSString).deletingLastPathComponent
            let candidate = (folder as NSString).appendingPathComponent("themes")
            if FileManager.default.fileExists(atPath: candidate + "/default.toml") {
                dirs.append(candidate)
                break
            }
        }
        return dirs
    }

    /// The theme called `name` (a name looked up as `NAME.toml` in `directories`, or a path to a
    /// `.toml` file). Returns the built-in default and the reason when it cannot be used.
    public static func load(named name: String, directories: [String]) -> (theme: Theme, problem: ThemeError?) {
        if name == "default" && !directories.contains(where: { FileManager.default.fileExists(atPath: $0 + "/default.toml") }) {
            return (builtinDefault, nil)
        }
        let isPath = name.hasSuffix(".toml") || name.contains("/")
        if !isPath, name.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return (builtinDefault, ThemeError(origin: name, problem: "a theme name has only letters, digits, - and _"))
        }
        let candidates = isPath ? [name] : directories.map { $0 + "/" + name + ".toml" }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let available = Set(directories.flatMap { dir in
                ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                    .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
            }).sorted()
            let list = available.isEmpty ? "none found in \(directories.joined(separator: ", "))"
                : "available: " + available.joined(separator: ", ")
            return (builtinDefault, ThemeError(origin: name, problem: "no such theme (\(list))"))
        }
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 * 1024,
              let text = String(data: data, encoding: .utf8) else {
            return (builtinDefault, ThemeError(origin: path, problem: "cannot be read as UTF-8 text of at most 64 KiB"))
        }
        do {
            return (try Theme.parse(text, origin: path), nil)
        } catch {
            return (builtinDefault, error)
        }
    }
}
