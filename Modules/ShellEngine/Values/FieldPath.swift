#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Following a path (`.budget`, `.0`, `."days overdue"`, `.phone?`) into a value: a record's field,
/// a list's or table's row by number, or a table's column as a list. An optional member (`?`) that
/// is missing — no such field, column or item, or null to read from — gives null for the whole path.
enum FieldPath {
    struct Failure: Error {
        let message: String
        let hint: String?
    }

    static func follow(_ path: [PathMember], in value: Value) throws(Failure) -> Value {
        var current = value
        for member in path {
            if member.optional {
                guard let next = try? step(member.name, in: current, optional: true) else { return .null }
                current = next
            } else {
                current = try step(member.name, in: current)
            }
        }
        return current
    }

    /// A path written as text (`get a."b c".0`), followed.
    static func follow(_ text: String, in value: Value) throws(Failure) -> Value {
        try follow(PathMember.parse(text), in: value)
    }

    /// Whether a record has a field, or a table a column, of exactly that name.
    static func has(_ name: String, in value: Value) -> Bool {
        switch value {
        case .record(let record): return record[name] != nil
        case .table(let table): return table.columns.contains(name)
        default: return false
        }
    }

    /// One member; `optional`: an item of a list without it, or a table without that column, gives
    /// null (for each row) rather than an error.
    static func step(_ segment: String, in value: Value, optional: Bool = false) throws(Failure) -> Value {
        switch value {
        case .record(let record):
            if let field = record[segment] { return field }
            throw Failure(message: "no field \"\(segment)\"", hint: fieldHint(segment, record.names))
        case .list(let items):
            if let index = Int(segment) {
                guard index >= 0, index < items.count else {
                    throw Failure(message: "no item \(index): the list has \(items.count)", hint: nil)
                }
                return items[index]
            }
            return .list(try items.map { item throws(Failure) in
                if optional { return (try? step(segment, in: item, optional: true)) ?? .null }
                return try step(segment, in: item)
            })
        case .table(let table):
            if let index = Int(segment) {
                guard index >= 0, index < table.rows.count else {
                    throw Failure(message: "no row \(index): the table has \(table.rows.count)", hint: nil)
                }
                return .record(table.rows[index])
            }
            if optional, !table.columns.contains(segment) { return .list(table.rows.map { _ in .null }) }
            guard table.columns.contains(segment) else {
                throw Failure(message: "no column \"\(segment)\"", hint: ColumnCheck.hint(for: segment, among: table.columns))
            }
            return .list(table.rows.map { $0[segment] ?? .null })
        case .duration(let seconds):
            switch segment {
            case "days": return .int(seconds / 86_400)
            case "hours": return .int(seconds / 3600)
            case "minutes": return .int(seconds / 60)
            case "seconds": return .int(seconds)
            default: throw Failure(message: "a duration has no field \"\(segment)\"", hint: "fields: days, hours, minutes, seconds")
            }
        case .money(let money):
            switch segment {
            case "currency": return .string(money.currency.code)
            case "minor": return .int(money.minorUnits)
            default: throw Failure(message: "money has no field \"\(segment)\"", hint: "fields: currency, minor")
            }
        case .null:
            throw Failure(message: "cannot read \"\(segment)\" of null", hint: nil)
        default:
            throw Failure(message: "cannot read \"\(segment)\" of a \(value.typeName)", hint: nil)
        }
    }

    /// The close field names, or else every field.
    private static func fieldHint(_ name: String, _ names: [String]) -> String {
        let close = EditDistance.closest(to: name, among: names).filter { EditDistance.between($0, name) < name.count }
        if !close.isEmpty { return "did you mean " + close.map { "\"\($0)\"" }.joined(separator: " or ") + "?" }
        return "fields: " + names.joined(separator: ", ")
    }
}
