/// Expected screens (see `expectScreen`).
enum Snapshots {
    static let overview80 = ""
    static let overview132 = ""
    static let syncLog80 = ""
    static let syncLog132 = ""
    static let failures80 = ""
    static let failures132 = ""
    static let trace80 = ""
    static let trace132 = ""
    static let help80 = ""
    static let help132 = ""
    static let mappings80 = ""
    static let tooSmall = ""
    static let ascii80 = ""
}
