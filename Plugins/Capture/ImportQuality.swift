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
    /// Rows counted (those with as many fields as the header).
    private(set) var rows = 0
    private(set) var blanks: [Int]
    /// Per column, each placeholder's count under its first spelling in the file.
    private(set) var found: [[String: (spelling: String, count: Int)]]

    init(header: [String], nullTexts: Set<String>) {
        self.header = header
        self.nullTexts = nullTexts.subtracting([""])
        placeholders = Self.knownPlaceholders.union(self.nullTexts)
        longest = placeholders.map(\.utf8.count).max() ?? 0
        blanks = Array(repeating: 0, count: header.count)
        found = Array(repeating: [:], count: header.count)
    }

    /// Counts one row's blanks and placeholders; a row whose field count is wrong is not counted.
    mutating func count(_ cells: [String]) {
        guard cells.count == header.count else { return }
        rows += 1
        for (index, cell) in cells.enumerated() {
            let utf8 = cell.utf8
            if utf8.isEmpty { blanks[index] += 1; continue }
            // Spaces around a value are allowed, so a cell a little longer than the longest may still be one.
            if utf8.count > longest + 8 { continue }
            let text = cell.trimmingSpaces
            if text.isEmpty { blanks[index] += 1; continue }
            guard text.utf8.count <= longest else { continue }
            let key = text.lowercased()
            guard placeholders.contains(key) else { continue }
            if let seen = found[index][key] {
                found[index][key] = (seen.spelling, seen.count + 1)
            } else {
                found[index][key] = (text, 1)
            }
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
                + (blank.count > Self.shown ? ", and \(blank.count - Self.shown) more columns" : ""))
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
            let advice = unread.isEmpty ? "read as unknown: --null"
                : unread.joined(separator: ", ") + " kept as \(unread.count == 1 ? "a value" : "values"): add \(unread.count == 1 ? "it" : "them") to --null to read \(unread.count == 1 ? "it" : "them") as unknown"
            lines.append("placeholder-like values: " + listed.joined(separator: ", ")
                + (values.count > Self.shown ? ", and \(values.count - Self.shown) more" : "") + " (\(advice))")
        }
        return lines
    }

    /// Notes on the duplicate keys of the leads imported (ids `first` and later): a key shared by at
    /// least `placeholderGroup` of them (a placeholder e-mail or phone, not one person), and company keys
    /// whose leads spell the company differently (near-duplicate names).
    static func duplicateNotes(in database: any SQLDatabase, since first: Int64) throws -> [String] {
        var lines: [String] = []
        var crowded: [String] = []
        for (column, noun) in [("email_key", "e-mail"), ("phone_key", "phone"), ("company_key", "company")] {
            let sql = "SELECT \(column) AS key, count(*) AS n FROM leads WHERE id >= ? AND \(column) IS NOT NULL"
                + " GROUP BY \(column) HAVING count(*) >= ? ORDER BY n DESC, key LIMIT \(shown)"
            for row in try database.query(sql, [.integer(first), .integer(placeholderGroup)]) {
                crowded.append("\(noun) \"\(row.text("key") ?? "")\" on \(row.integer("n") ?? 0) leads")
            }
        }
        if !crowded.isEmpty {
            lines.append("values shared too widely to be duplicates, probably placeholders: " + crowded.prefix(shown).joined(separator: ", "))
        }
        // Company keys shared with a lead of this import, then the spellings of those groups' leads.
        let shared = "SELECT company_key FROM leads WHERE company_key IS NOT NULL GROUP BY company_key"
            + " HAVING count(*) > 1 AND count(*) < ? AND max(id) >= ?"
        let sql = "SELECT company_key AS key, id, coalesce(company, name) AS spelling FROM leads"
            + " WHERE company_key IN (\(shared)) ORDER BY company_key, id"
        var groups: [(ids: [Int64], spellings: [String])] = []
        var lastKey: String?
        for row in try database.query(sql, [.integer(placeholderGroup), .integer(first)]) {
            let key = row.text("key") ?? ""
            let spelling = row.text("spelling") ?? ""
            if key != lastKey { groups.append(([], [])); lastKey = key }
            groups[groups.count - 1].ids.append(row.integer("id") ?? 0)
            if !groups[groups.count - 1].spellings.contains(spelling) { groups[groups.count - 1].spellings.append(spelling) }
        }
        let differing = groups.filter { $0.spellings.count > 1 }.sorted { ($0.ids.first ?? 0) < ($1.ids.first ?? 0) }
        if !differing.isEmpty {
            let examples = differing.prefix(2).map { group in
                group.spellings.map { "\"\($0)\"" }.joined(separator: " ≈ ")
                    + " (" + group.ids.prefix(shown).map { EntityID(.lead, $0).description }.joined(separator: ", ")
                    + (group.ids.count > shown ? ", ..." : "") + ")"
            }
            lines.append("near-duplicate names: \(differing.count) \(differing.count == 1 ? "company is" : "companies are") spelled differently, e.g. "
                + examples.joined(separator: "; ") + " (see: lead dupes)")
        }
        return lines
    }
}
