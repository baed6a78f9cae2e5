import Foundation
import FunnelModel

/// A value flowing through the shell: scalars, ids, money, dates, and records and tables of them.
public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case money(Money)
    case date(Date)
    case id(EntityID)
    case list([Value])
    case record(Record)
    case table(Table)

    /// A short name of the value's type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "nothing"
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "string"
        case .money: return "money"
        case .date: return "date"
        case .id: return "id"
        case .list: return "list"
        case .record: return "record"
        case .table: return "table"
        }
    }

    /// The value as one line of plain text, as a table cell or a CSV field shows it.
    public var plainText: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return s
        case .money(let m): return m.formatted
        case .date(let d): return Day.isWholeDay(d) ? Day.format(d) : Day.formatTimestamp(d)
        case .id(let id): return id.description
        case .list(let items): return items.map(\.plainText).joined(separator: ", ")
        case .record(let r): return "{" + r.fields.map { "\($0.name): \($0.value.plainText)" }.joined(separator: ", ") + "}"
        case .table(let t): return "[table \(t.rows.count) rows]"
        }
    }

    /// The rows when the value is a table, a list of records, or one record.
    public var rows: [Record]? {
        switch self {
        case .table(let t): return t.rows
        case .record(let r): return [r]
        case .list(let items):
            var result: [Record] = []
            for item in items {
                guard case .record(let r) = item else { return nil }
                result.append(r)
            }
            return result
        default: return nil
        }
    }
}

/// An ordered set of named fields.
public struct Record: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: Value
    }

    public private(set) var fields: [Field]

    public init(_ fields: [(String, Value)] = []) {
        self.fields = fields.map { Field(name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> Value? {
        get { fields.first(where: { $0.name == name })?.value }
        set {
            if let index = fields.firstIndex(where: { $0.name == name }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    public var names: [String] { fields.map(\.name) }
}

/// Rows of records with a column order; rows may lack columns (shown empty).
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [Record]

    public init(columns: [String], rows: [Record]) {
        self.columns = columns
        self.rows = rows
    }

    /// A table whose columns are the union of the rows' fields, in first-seen order.
    public init(rows: [Record]) {
        var seen = Set<String>()
        var columns: [String] = []
        for row in rows {
            for name in row.names where seen.insert(name).inserted { columns.append(name) }
        }
        self.init(columns: columns, rows: rows)
    }
}
