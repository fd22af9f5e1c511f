/// Finds the line of a key in TOML source text. TOMLKit (toml++ underneath) reports source
/// positions for syntax errors only, not for keys, so the validator asks this small scanner.
///
/// It tracks `[table]` and `[[array]]` headers and `key = value` lines, understands dotted and
/// quoted keys (`a."b.c" = 1`), skips comments, strings (including multi-line `"""`/`'''`) and
/// arrays or inline tables that span lines. It only runs on text TOMLKit already accepted, so it
/// need not diagnose anything.
struct TOMLKeyLocator {
    /// Full key path (`["sync", "max_attempts"]`) → 1-based line of its first definition.
    private var lines: [[String]: Int] = [:]

    init(text: String) {
        var scanner = Scanner(text: Array(text.unicodeScalars))
        scanner.scan { path, line in
            if lines[path] == nil { lines[path] = line }
        }
    }

    /// The line of `path`, or of its closest enclosing table when the key itself is not written
    /// (a missing key is reported at its section header). `nil` for a path not in the file.
    func line(of path: [String]) -> Int? {
        var probe = path
        while !probe.isEmpty {
            if let line = lines[probe] { return line }
            probe.removeLast()
        }
        return nil
    }

    private struct Scanner {
        let text: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(text: [Unicode.Scalar]) {
            self.text = text
        }

        mutating func scan(_ found: ([String], Int) -> Void) {
            var table: [String] = []
            while index < text.count {
                skipBlank()
                guard index < text.count else { break }
                let c = text[index]
                if c == "\n" { advance(); continue }
                if c == "#" { skipToEndOfLine(); continue }
                if c == "[" {
                    advance(peek(1) == "[" ? 2 : 1)  // `[table]` or `[[array of tables]]`
                    let header = readKey()
                    table = header
                    found(header, line)
                    skipToEndOfLine()
                    continue
                }
                let key = readKey()
                guard !key.isEmpty else { skipToEndOfLine(); continue }
                let keyLine = line
                found(table + key, keyLine)
                skipBlank()
                if index < text.count, text[index] == "=" { advance() }
                skipValue()
            }
        }

        /// Reads a possibly dotted, possibly quoted key; stops at `=`, `]` or the end of the line.
        mutating func readKey() -> [String] {
            var parts: [String] = []
            while index < text.count {
                skipBlank()
                guard index < text.count else { break }
                let c = text[index]
                if c == "\"" || c == "'" {
                    parts.append(readQuoted(c))
                } else if isBare(c) {
                    var part = ""
                    while index < text.count, isBare(text[index]) {
                        part.unicodeScalars.append(text[index])
                        advance()
                    }
                    parts.append(part)
                } else {
                    break
                }
                skipBlank()
                if index < text.count, text[index] == "." { advance(); continue }
                break
            }
            return parts
        }

        /// Skips a value, including strings, and arrays or inline tables over several lines.
        mutating func skipValue() {
            var depth = 0
            while index < text.count {
                let c = text[index]
                switch c {
                case "\"", "'":
                    if peek(1) == c && peek(2) == c {
                        skipMultiline(c)
                    } else {
                        _ = readQuoted(c)
                    }
                    continue
                case "[", "{": depth += 1
                case "]", "}": depth -= 1
                case "#": skipToEndOfLine(); if depth <= 0 { return }; continue
                case "\n":
                    if depth <= 0 { return }
                default: break
                }
                advance()
            }
        }

        mutating func readQuoted(_ quote: Unicode.Scalar) -> String {
            advance()
            var value = ""
            while index < text.count, text[index] != quote, text[index] != "\n" {
                if quote == "\"", text[index] == "\\", index + 1 < text.count {
                    advance()
                }
                value.unicodeScalars.append(text[index])
                advance()
            }
            if index < text.count, text[index] == quote { advance() }
            return value
        }

        mutating func skipMultiline(_ quote: Unicode.Scalar) {
            advance(3)
            while index < text.count {
                if quote == "\"", text[index] == "\\" { advance(2); continue }
                if text[index] == quote, peek(1) == quote, peek(2) == quote {
                    advance(3)
                    while index < text.count, text[index] == quote { advance() }
                    return
                }
                advance()
            }
        }

        mutating func skipBlank() {
            while index < text.count, text[index] == " " || text[index] == "\t" || text[index] == "\r" { advance() }
        }

        mutating func skipToEndOfLine() {
            while index < text.count, text[index] != "\n" { advance() }
        }

        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < text.count ? text[index + offset] : nil
        }

        mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where index < text.count {
                if text[index] == "\n" { line += 1 }
                index += 1
            }
        }

        func isBare(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
        }
    }
}
