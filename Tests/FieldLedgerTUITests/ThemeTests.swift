import Foundation
import Testing
@testable import FieldLedgerTUI

@Suite struct ThemeTests {
    /// The repository's themes/ folder.
    static let themesDir: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("themes").path
    }()

    @Test(arguments: ["default", "light", "mono", "colorblind"])
    func shippedThemesLoadAndNameEveryRole(name: String) {
        let (theme, problem) = Theme.load(named: name, directories: [Self.themesDir])
        #expect(problem == nil)
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }

    @Test func theShippedDefaultIsTheBuiltInDefault() throws {
        let text = try String(contentsOfFile: Self.themesDir + "/default.toml", encoding: .utf8)
        #expect(try Theme.parse(text, origin: "file") == Theme.builtinDefault)
        #expect(Theme.builtinDefault.styles.count == StyleRole.allCases.count)
    }

    @Test func anUnknownThemeFallsBackToTheDefaultAndSaysWhy() {
        let (theme, problem) = Theme.load(named: "neon", directories: [Self.themesDir])
        #expect(theme == Theme.builtinDefault)
        let message = problem?.description ?? ""
        #expect(message.contains("theme neon: no such theme"))
        #expect(message.contains("colorblind, default, light, mono"))
        #expect(message.contains("using the default theme instead"))
    }

    @Test func anInvalidFileIsReportedWithWhatIsWrong() throws {
        let folder = TempFolder()
        try "name = \"bad\"\n[roles]\ntext = { fg = 300 }\n".write(toFile: folder.file("bad.toml"), atomically: true, encoding: .utf8)
        try "name = \"odd\"\n[roles]\nsparkle = { fg = 1 }\n".write(toFile: folder.file("odd.toml"), atomically: true, encoding: .utf8)
        try "this is = = not toml".write(toFile: folder.file("broken.toml"), atomically: true, encoding: .utf8)
        let bad = Theme.load(named: "bad", directories: [folder.path])
        #expect(bad.theme == Theme.builtinDefault)
        #expect(bad.problem?.problem.contains("roles.text.fg = 300 is not a 256-colour number") == true)
        #expect(Theme.load(named: "odd", directories: [folder.path]).problem?.problem.contains("unknown role \"sparkle\"") == true)
        #expect(Theme.load(named: "broken", directories: [folder.path]).problem?.problem.contains("not a valid theme file") == true)
        #expect(Theme.load(named: "../etc/passwd", directories: [folder.path]).problem != nil)
    }

    @Test func colourModesResolveRoles() {
        let (mono, _) = Theme.load(named: "mono", directories: [Self.themesDir])
        let selection = mono.style(.selection)
        #expect(ColorMode.full256.resolve(selection).fg == -1)
        #expect(ColorMode.full256.resolve(selection).attributes == [.reverse])
        let def = Theme.builtinDefault.style(.selection)
        #expect(ColorMode.full256.resolve(def).bg == 25)
        #expect(ColorMode.eight.resolve(def).bg == 4)
        // Monochrome: no colour, the role's mono attributes stand in for it.
        #expect(ColorMode.monochrome.resolve(def) == (-1, -1, [.reverse]))
        #expect(ColorMode.monochrome.resolve(Theme.builtinDefault.style(.error)).attributes == [.bold])
    }

    @Test func colourModeDetection() {
        #expect(ColorMode.detect(hasColors: true, colors: 256, environment: [:]) == .full256)
        #expect(ColorMode.detect(hasColors: true, colors: 8, environment: [:]) == .eight)
        #expect(ColorMode.detect(hasColors: false, colors: 0, environment: [:]) == .monochrome)
        #expect(ColorMode.detect(hasColors: true, colors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorMode.detect(hasColors: true, colors: 256, environment: ["NO_COLOR": ""]) == .full256)
    }

    @Test func themeChoiceOrder() {
        let env = ["FIELDLEDGER_THEME": "light"]
        #expect(ConsoleOptions(theme: "mono", mouse: true, ascii: false, environment: env, executablePath: "x").themeName == "mono")
        #expect(ConsoleOptions(theme: nil, mouse: true, ascii: false, environment: env, executablePath: "x").themeName == "light")
        #expect(ConsoleOptions(theme: nil, mouse: true, ascii: false, environment: [:], executablePath: "x").themeName == "default")
    }
}

@Suite struct ThemeSearchTests {
    @Test func aBuildInsideTheSourceTreeFindsTheRepositoryThemes() {
        let binary = ThemeTests.themesDir.replacingOccurrences(of: "/themes", with: "/.build/x86_64-unknown-linux-gnu/debug/fieldledger")
        let dirs = Theme.searchDirectories(environment: ["FIELDLEDGER_THEMES": "/etc/fl-themes"], executablePath: binary)
        #expect(dirs.first == "/etc/fl-themes")
        #expect(dirs.contains(ThemeTests.themesDir))
        #expect(dirs.contains(ThemeTests.themesDir.replacingOccurrences(of: "/themes", with: "/.build/x86_64-unknown-linux-gnu/share/fieldledger/themes")))
    }
}
