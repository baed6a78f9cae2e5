#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// `join`: each left row with every right row whose key equals its key — one SQL join when both
/// sides are stored rows, the same rows in the same order in memory otherwise. Rows come in left
/// order, and a left row's matches in right order; an empty key (null) matches nothing.
struct Joining {
    let leftKey: String
    let rightKey: String
    /// Keep left rows without a match, their right columns empty (a left outer join).
    let keepUnmatched: Bool
    /// Put before every right column's name; `nil`: only a right column whose name the left rows
    /// already have is renamed, to `LEFTKEY.NAME` (`customer.created`).
    let prefix: String?

    /// The output name of each right column but the right key (its values are the left key's).
    func rightNames(left: [String], right: [String]) -> [(from: String, to: String)] {
        var taken = Set(left)
        return right.filter { $0 != rightKey }.map { name in
            var renamed = prefix.map { $0 + name } ?? (taken.contains(name) ? "\(leftKey).\(name)" : name)
            while taken.contains(renamed) { renamed += "_" }
            taken.insert(renamed)
            return (name, renamed)
        }
    }

    /// The rows joined in memory.
    func rows(left: Table, right: Table) -> Table {
        let names = rightNames(left: left.columns, right: right.columns)
        var index: [String: [Int]] = [:]
        for (position, row) in right.rows.enumerated() {
            guard let key = row[rightKey], key != .null else { continue }
            index[Self.hashKey(key), default: []].append(position)
        }
        var joined: [Record] = []
        for row in left.rows {
            let key = row[leftKey] ?? .null
            let matches = key == .null ? [] : (index[Self.hashKey(key)] ?? []).map { right.rows[$0] }.filter { $0[rightKey] == key }
            let leftFields = left.columns.map { ($0, row[$0] ?? .null) }
            for match in matches {
                joined.append(Record(leftFields + names.map { ($0.to, match[$0.from] ?? .null) }))
            }
            if matches.isEmpty, keepUnmatched {
                joined.append(Record(leftFields + names.map { ($0.to, Value.null) }))
            }
        }
        return Table(columns: left.columns + names.map(\.to), rows: joined)
    }

    private static func hashKey(_ value: Value) -> String { value.typeName + ":" + value.plainText }

    /// The join as stored rows, or `nil` when SQL cannot give exactly the in-memory rows (keys of
    /// different kinds, which never compare equal in memory but might as stored numbers).
    func relation(left: Relation, right: Relation) -> Relation? {
        let l = left.subquery(as: "l"), r = right.subquery(as: "r")
        guard let leftColumn = l.columns.first(where: { $0.name == leftKey }),
              let rightColumn = r.columns.first(where: { $0.name == rightKey }),
              let on = Self.equality(leftColumn.kind, rightColumn.kind) else { return nil }
        let names = rightNames(left: l.columns.map(\.name), right: r.columns.map(\.name))
        let renamed = names.compactMap { name in
            r.columns.first { $0.name == name.from }.map { Relation.Column(name.to, $0.kind) }
        }
        return Relation(source: "\(l.sql) \(keepUnmatched ? "LEFT JOIN" : "JOIN") \(r.sql) ON \(on)",
                        columns: l.columns + renamed, order: "l.pos, r.pos")
    }

    /// SQL that holds when two keys are equal as values, or `nil` when their kinds differ.
    private static func equality(_ a: Relation.ColumnKind, _ b: Relation.ColumnKind) -> String? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)), (.text(let x), .text(let y)), (.bool(let x), .bool(let y)), (.date(let x), .date(let y)):
            return "\(x) = \(y)"
        case (.id(let k, let x), .id(let j, let y)) where k == j:
            return "\(x) = \(y)"
        case (.money(let xm, let xc), .money(let ym, let yc)):
            return "\(xm) = \(ym) AND \(xc) = \(yc)"
        default:
            return nil
        }
    }
}

/// Stored rows as a subquery another query reads from: its visible columns as `alias.c0`, `alias.c1`
/// ..., and `alias.pos`, each row's place in the relation's order.
struct RelationSubquery {
    /// `(SELECT ...) AS alias`, every argument written into the text.
    let sql: String
    /// The visible columns, each reading the subquery's output.
    let columns: [Relation.Column]
}

extension Relation {
    /// This relation as a subquery named `alias`, with its filters, order and cut applied.
    func subquery(as alias: String) -> RelationSubquery {
        var outputs: [String] = []
        func output(_ sql: String) -> String {
            let name = "c\(outputs.count)"
            outputs.append("\(sql) AS \(name)")
            return "\(alias).\(name)"
        }
        let columns = visibleColumns.compactMap(column(named:)).map { column -> Relation.Column in
            switch column.kind {
            case .integer(let sql): return .init(column.name, .integer(output(sql)))
            case .text(let sql): return .init(column.name, .text(output(sql)))
            case .bool(let sql): return .init(column.name, .bool(output(sql)))
            case .date(let sql): return .init(column.name, .date(output(sql)))
            case .id(let kind, let sql): return .init(column.name, .id(kind, output(sql)))
            case .decimal(let sql, let places): return .init(column.name, .decimal(output(sql), places: places))
            case .money(let minor, let currency): return .init(column.name, .money(minor: output(minor), currency: output(currency)))
            }
        }
        let order = ordering.isEmpty ? "" : "ORDER BY " + ordering.map(SQLText.inline).joined(separator: ", ")
        outputs.append("row_number() OVER (\(order)) AS pos")
        var sql = "SELECT " + outputs.joined(separator: ", ") + " FROM \(source)"
        if !conditions.isEmpty { sql += " WHERE " + conditions.map { "(\(SQLText.inline($0)))" }.joined(separator: " AND ") }
        if limit != nil || offset != nil {
            if !order.isEmpty { sql += " " + order }
            sql += " LIMIT \(limit ?? -1)" + (offset.map { " OFFSET \($0)" } ?? "")
        }
        return RelationSubquery(sql: "(\(sql)) AS \(alias)", columns: columns)
    }
}

/// Writing bound arguments into SQL text, for a query kept as one text (a relation's source).
enum SQLText {
    /// The fragment with each `?` outside quotes replaced by its argument as a literal.
    static func inline(_ fragment: Relation.Fragment) -> String {
        var arguments = fragment.arguments.makeIterator()
        var text = ""
        var quote: Character?
        for character in fragment.sql {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "?", let argument = arguments.next() {
                text += literal(argument)
                continue
            }
            text.append(character)
        }
        return text
    }

    static func literal(_ value: SQLValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? "\(d)" : "NULL"
        case .text(let s): return "'" + s.replacing("'", with: "''") + "'"
        }
    }
}
