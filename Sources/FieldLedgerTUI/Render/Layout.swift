/// Where things go on screen; shared by rendering and the reducer (page sizes, scrolling).
///
/// Row 0 is the tab bar, then the pane, then the message/input line, the status bar and the
/// key bar at the bottom.
public enum Layout {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public static func isTooSmall(width: Int, height: Int) -> Bool {
        width < minimumWidth || height < minimumHeight
    }

    static func contentTop() -> Int { 1 }
    static func contentHeight(_ height: Int) -> Int { max(0, height - 4) }
    static func messageRow(_ height: Int) -> Int { height - 3 }
    static func statusRow(_ height: Int) -> Int { height - 2 }
    static func keyBarRow(_ height: Int) -> Int { height - 1 }

    /// Rows of the sync log list (below its column header).
    static func logRows(_ height: Int) -> Int { max(1, contentHeight(height) - 1) }
    /// Lines the failures detail box takes under the list.
    static let failureDetailLines = 4
    static func failureRows(_ height: Int) -> Int { max(1, contentHeight(height) - 1 - failureDetailLines) }
    /// Rows of scrolled text (trace, help) under their heading.
    static func textRows(_ height: Int) -> Int { max(1, contentHeight(height) - 1) }
    /// Sync log rows read per page; the loaded window never exceeds `logWindow` rows.
    public static let logPageSize = 200
    public static let logWindow = 1_000

    /// Payments: the filter line and column header above the list, a detail box under it.
    static let paymentDetailLines = 4
    static func paymentRows(_ height: Int) -> Int { max(1, contentHeight(height) - 2 - paymentDetailLines) }
    /// Mappings: the table line and column header above the list, a detail box under it.
    static let ruleDetailLines = 4
    static func ruleRows(_ height: Int) -> Int { max(1, contentHeight(height) - 2 - ruleDetailLines) }
    /// Conflicts: the filter line and column header above the list, a detail box under it.
    static let conflictDetailLines = 4
    static func conflictRows(_ height: Int) -> Int { max(1, contentHeight(height) - 2 - conflictDetailLines) }

    /// Payment rows read per page; scrolling near the end reads the next page after the last row.
    public static let paymentPageSize = 200
}
