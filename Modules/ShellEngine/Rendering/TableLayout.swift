import ShellSyntax

/// How a table is laid out for a person: which columns, how wide the lines may be, and whether each
/// record gets a block of its own (`--expand`) instead of a line.
struct TableLayout: Sendable, Equatable {
    /// The terminal's width: cells are cut short with `…` and columns that cannot fit are left out
    /// (and counted below the table). `nil`: no limit (standard output is not a terminal).
    var width: Int?
    /// One block per record, a line per field, as psql's `\x`.
    var expanded = false
    /// The columns shown, in order (a list command's default set and the columns added after it);
    /// `nil`: every column.
    var columns: [String]?

    /// Every column, no width limit: what a pipe or a file gets.
    static let full = TableLayout()

    /// The narrowest a column is cut to before columns are left out instead: enough to recognise a value.
    static let minimumColumnWidth = 6
}

extension TableLayout {
    /// `text` cut to `width` display columns, ending in `…` when cut (wide characters count two).
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let characterWidth = DisplayWidth.of(String(character))
            if used + characterWidth > width - 1 { break }
            result.append(character)
            used += characterWidth
        }
        return result + "…"
    }
}
