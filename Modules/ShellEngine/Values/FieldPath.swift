import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// Following a path (`.budget`, `.0`) into a value: a record's field, a list's or table's row by
/// number, or a table's column as a list.
enum FieldPath {
    struct Failure: Error {
        let message: String
        let hint: String?
    }

    static func follow(_ path: [String], in value: Value) throws(Failure) -> Value {
        var current = value
        for segment in path { current = try step(segment, in: current) }
        return current
    }

    static func step(_ segment: String, in value: Value) throws(Failure) -> Value {
        switch value {
        case .record(let record):
            if let field = record[segment] { return field }
            throw Failure(message: "no field \"\(segment)\"", hint: "fields: " + record.names.joined(separator: ", "))
        case .list(let items):
            if let index = Int(segment) {
                guard index >= 0, index < items.count else {
                    throw Failure(message: "no item \(index): the list has \(items.count)", hint: nil)
                }
                return items[index]
            }
            return .list(try items.map { item throws(Failure) in try step(segment, in: item) })
        case .table(let table):
            if let index = Int(segment) {
                guard index >= 0, index < table.rows.count else {
                    throw Failure(message: "no row \(index): the table has \(table.rows.count)", hint: nil)
                }
                return .record(table.rows[index])
            }
            guard table.columns.contains(segment) else {
                throw Failure(message: "no column \"\(segment)\"", hint: "columns: " + table.columns.joined(separator: ", "))
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
}
