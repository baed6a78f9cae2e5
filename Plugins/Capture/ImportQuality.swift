import FunnelModel
import StageKit
import StageSupport

/// The data-quality summary an import prints after its own (docs/analytics.md, "Data quality at a
/// glance"): blanks per column and placeholder-like values, counted cell by cell during the import's
/// single pass over the rows, and (for leads) duplicate keys so widely shared they are placeholders and
/// company names spelled differently for the same company, read from the key indexes afterwards.
struct ImportQuality {
    /// Texts that stand for "unknown" in exports (compared trimmed, ignoring case), besides `--null`'s.
    /// `none`, `na` and `0` are left out: they are real values of some fields (need `none`, region `NA`).
    static let knownPlaceholders: Set<String> = [
        "select", "please select", "select one", "n/a", "#n/a", "-", "--", "?", "unknown", "null", "nil",
        "undefined", "tbd", "tba", "0000-00-00", "not available", "not provided", "not specified", "(blank)",
    ]
    /// A duplicate key shared by at least this many leads of one import is reported as a placeholder.
    static let placeholderGroup: Int64 = 10
    /// Columns, and examples, shown per line.
    static let shown = 4

    let header: [String]
    /// The import's `--null` texts (lower-cased): also placeholders, said to be read as unknown.
    let nullTexts: Set<String>
    let placeholders: Set<String>
    /// The longest placeholder in bytes, so longer cells skip the case-folded lookup.
    let longest: Int
    /// The signatures of the placeholders (length, first and last byte), nil when one is not ASCII.
    private let signatures: Set<Int>?
    /// Rows counted (those with as many fields as the header).
    private(set) var rows = 0
    private(set) var blanks: [Int]
    /// Per column, each placeholder's count under its first spelling in the file.
    private(set) var found: [[String: (spelling: String, count: Int)]]

    /// Whether the import takes `--null` (the advice on placeholders names it).
    let takesNull: Bool

    init(header: [String], nullTexts: Set<String>, takesNull: Bool = true) {
        self.header = header
        self.takesNull = takesNull
        self.nullTexts = nullTexts.subtracting([""])
        placeholders = Self.knownPlaceholders.union(self.nullTexts)
        longest = placeholders.map(\.utf8.count).max() ?? 0
        // The byte filter holds for ASCII placeholders only (a non-ASCII one may fold case otherwise).
        signatures = placeholders.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
            ? Set(placeholders.compactMap { text in
                text.utf8.first.flatMap { first in text.utf8.last.map { Self.signature(text.utf8.count, first, $0) } }
            })
            : nil
        blanks = Array(repeating: 0, count: header.count)
        found = Array(repeating: [:], count: header.count)
    }

    /// Counts one row's blanks and placeholders; a row whose field count is wrong is not counted.
    mutating func count(_ cells: [String]) {
        guard cells.count == header.count else { return }
        rows += 1
        for (index, cell) in cells.enumerated() {
            let utf8 = cell.utf8
            guard let head = utf8.first, let tail = utf8.last else { blanks[index] += 1; continue }
            let count = utf8.count
            if count > longest + 8 {
                // A long cell is a value unless it starts or ends with a space or a non-ASCII byte.
                if Self.isPlain(head) && Self.isPlain(tail) { continue }
                slowCount(cell, column: index)
                continue
            }
            // Short ASCII cells are checked on their bytes; only a cell whose trimmed length and first and
            // last letters match a placeholder's is case-folded and looked up.
            var first = -1, last = -1, position = 0, ascii = true
            for byte in utf8 {
                if byte >= 0x80 { ascii = false; break }
                if byte != 32 && byte != 9 && byte != 10 && byte != 13 {
                    if first < 0 { first = position }
                    last = position
                }
                position += 1
            }
            guard ascii else { slowCount(cell, column: index); continue }
            if first < 0 { blanks[index] += 1; continue }
            let length = last - first + 1
            guard length <= longest else { continue }
            if let signatures {
                let bytes = Array(utf8)
                guard signatures.contains(Self.signature(length, bytes[first], bytes[last])) else { continue }
            }
            slowCount(cell, column: index)
        }
    }

    /// A byte that is neither a space nor part of a non-ASCII character.
    private static func isPlain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 32 && byte != 9 && byte != 10 && byte != 13 }

    /// A placeholder's trimmed length with its first and last bytes, ASCII letters lower-cased.
    private static func signature(_ length: Int, _ first: UInt8, _ last: UInt8) -> Int {
        func lower(_ byte: UInt8) -> Int { Int(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        return length << 16 | lower(first) << 8 | lower(last)
    }

    private mutating func slowCount(_ cell: String, column index: Int) {
        let text = cell.trimmingSpaces
        if text.isEmpty { blanks[index] += 1; return }
        guard text.utf8.count <= longest else { return }
        let key = text.lowercased()
        guard placeholders.contains(key) else { return }
        if let seen = found[index][key] {
            found[index][key] = (seen.spelling, seen.count + 1)
        } else {
            found[index][key] = (text, 1)
        }
    }

    /// `part` of `whole` as `3 (25%)`.
    static func share(_ part: Int, of whole: Int) -> String {
        "\(part) (\(Rounding.percent(Int64(part), of: Int64(whole)).plainText)%)"
    }

    /// The lines on blanks and placeholders; none for a file without either.
    func notes() -> [String] {
        guard rows > 0 else { return [] }
        var lines: [String] = []
        let blank = header.indices.filter { blanks[$0] > 0 }.sorted { blanks[$0] != blanks[$1] ? blanks[$0] > blanks[$1] : $0 < $1 }
        if !blank.isEmpty {
            let listed = blank.prefix(Self.shown).map { "\(header[$0]) \(Self.share(blanks[$0], of: rows))" }
            lines.append("blank cells in \(rows) rows: " + listed.joined(separator: ", ")
                + (blank.count > Self.shown ? ", and \(counted(blank.count - Self.shown, "more column"))" : ""))
        }
        var values: [(column: Int, key: String, spelling: String, count: Int)] = []
        for (column, counts) in found.enumerated() {
            for (key, seen) in counts { values.append((column, key, seen.spelling, seen.count)) }
        }
        values.sort { $0.count != $1.count ? $0.count > $1.count : ($0.column, $0.key) < ($1.column, $1.key) }
        if !values.isEmpty {
            let listed = values.prefix(Self.shown).map { "\(header[$0.column]) \"\($0.spelling)\" \(Self.share($0.count, of: rows))" }
            // The placeholders not in --null, in the order shown, spelled as the file first does.
            var unread: [String] = []
            for value in values where !nullTexts.contains(value.key) && !unread.contains("\"\(value.spelling)\"") {
                unread.append("\"\(value.spelling)\"")
            }
            let advice = unread.isEmpty ? "read as unknown: --null" : !takesNull ? "imported as they are"
                : unread.joined(separator: ", ") + " kept as \(unread.count == 1 ? "a value" : "values"): add \(unread.count == 1 ? "it" : "them") to --null to read \(unread.count == 1 ? "it" : "them") as unknown"
            lines.append("placeholder-like values: " + listed.joined(separator: ", ")
                + (values.count > Self.shown ? ", and \(values.count - Self.shown) more" : "") + " (\(advice))")
        }
        return lines
    }

    /// The number of e-mails, phones and company names shared by several leads, one of them with id
    /// `first` or later (as `DuplicateFinder.sharedKeyCount`, from the same scans of the key indexes),
    /// and notes on them: keys shared by at least `placeholderGroup` leads (a placeholder e-mail or
    /// phone, not one person), and company keys whose leads spell the company differently.
    static func duplicates(in database: any SQLDatabase, since first: Int64) throws -> (shared: Int64, notes: [String]) {
        var shared: Int64 = 0
        var crowded: [(count: Int64, text: String)] = []
        for (column, noun) in [("email_key", "e-mail"), ("phone_key", "phone")] {
            let sql = "SELECT count(*) AS shared, \(database.dialect.stringAggregate("CASE WHEN n >= ? THEN n || ' ' || key END", separator: "\n")) AS crowded"
                + " FROM (SELECT \(column) AS key, count(*) AS n FROM leads WHERE \(column) IS NOT NULL"
                + " GROUP BY \(column) HAVING count(*) > 1 AND max(id) >= ?) AS g"
            guard let row = try database.query(sql, [.integer(placeholderGroup), .integer(first)]).first else { continue }
            shared += row.integer("shared") ?? 0
            for entry in (row.text("crowded") ?? "").split(separator: "\n") {
                guard let space = entry.firstIndex(of: " "), let count = Int64(entry[..<space]) else { continue }
                crowded.append((count, "\(noun) \"\(entry[entry.index(after: space)...])\" on \(count) leads"))
            }
        }
        // Company keys shared with a lead of this import, with their leads' spellings counted.
        let sql = "SELECT g.key AS key, g.n AS n, min(l.id) AS first, \(database.dialect.stringAggregate("l.id", separator: ",")) AS ids,"
            + " count(DISTINCT coalesce(l.company, l.name)) AS spellings"
            + " FROM (SELECT company_key AS key, count(*) AS n FROM leads WHERE company_key IS NOT NULL"
            + " GROUP BY company_key HAVING count(*) > 1 AND max(id) >= ?) AS g"
            + " JOIN leads AS l ON l.company_key = g.key GROUP BY g.key, g.n"
        var differing: [(first: Int64, key: String, ids: [Int64])] = []
        for row in try database.query(sql, [.integer(first)]) {
            shared += 1
            let count = row.integer("n") ?? 0
            let key = row.text("key") ?? ""
            if count >= placeholderGroup {
                crowded.append((count, "company \"\(key)\" on \(count) leads"))
            } else if (row.integer("spellings") ?? 0) > 1 {
                let ids = (row.text("ids") ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()
                differing.append((row.integer("first") ?? 0, key, ids))
            }
        }
        var lines: [String] = []
        crowded.sort { $0.count != $1.count ? $0.count > $1.count : $0.text < $1.text }
        if !crowded.isEmpty {
            lines.append("values shared too widely to be duplicates, probably placeholders: "
                + crowded.prefix(shown).map(\.text).joined(separator: ", ")
                + (crowded.count > shown ? ", and \(crowded.count - shown) more" : ""))
        }
        differing.sort { $0.first < $1.first }
        if !differing.isEmpty {
            var examples: [String] = []
            for group in differing.prefix(2) {
                var spellings: [String] = []
                for row in try database.query("SELECT coalesce(company, name) AS spelling FROM leads WHERE company_key = ? ORDER BY id",
                                              [.text(group.key)]) {
                    let spelling = row.text("spelling") ?? ""
                    if !spellings.contains(spelling) { spellings.append(spelling) }
                }
                examples.append(spellings.map { "\"\($0)\"" }.joined(separator: " ≈ ")
                    + " (" + group.ids.prefix(shown).map { EntityID(.lead, $0).description }.joined(separator: ", ")
                    + (group.ids.count > shown ? ", ..." : "") + ")")
            }
            lines.append("near-duplicate names: \(differing.count) \(differing.count == 1 ? "company is" : "companies are") spelled differently, e.g. "
                + examples.joined(separator: "; ") + " (see: lead dupes)")
        }
        return (shared, lines)
    }
}
