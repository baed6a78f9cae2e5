#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Refusing a column the rows do not have — in `where`, `select`, `sort-by`, `reject`, `group-by`,
/// `update` — whether the rows are stored or in memory, and whether or not there are any: the error
/// names the column and suggests a close one.
enum ColumnCheck {
    /// The columns rows are known to have: a relation's, a table's, or those of a list of records;
    /// `nil` when nothing says (an empty list, or items that are not records).
    static func known(_ value: Value) -> [String]? {
        switch value {
        case .relation(let relation): return relation.visibleColumns
        case .table(let table):
            let columns = union(table.columns, Table(rows: table.rows).columns)
            return columns.isEmpty ? nil : columns
        case .list(let items):
            guard !items.isEmpty, let rows = value.rows else { return nil }
            return Table(rows: rows).columns
        default: return nil
        }
    }

    private static func union(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set(a)
        return a + b.filter { seen.insert($0).inserted }
    }

    /// The hint for a column not among `columns`: the close ones, or else every column.
    static func hint(for name: String, among columns: [String]) -> String {
        let close = EditDistance.closest(to: name, among: columns).filter { EditDistance.between($0, name) < name.count }
        if !close.isEmpty { return "did you mean " + close.map { "\"\($0)\"" }.joined(separator: " or ") + "?" }
        return "columns: " + columns.joined(separator: ", ")
    }

    /// A column as `select` and `sort-by` take it: `phone?` is optional (null where the rows lack
    /// it) unless the rows have a column named `phone?` itself.
    struct Wanted {
        let name: String
        let isOptional: Bool
    }

    static func wanted(_ fields: [String], in value: Value) -> [Wanted] {
        let columns = known(value) ?? []
        return fields.map { field in
            guard field.count > 1, field.hasSuffix("?"), !columns.contains(field) else { return Wanted(name: field, isOptional: false) }
            return Wanted(name: String(field.dropLast()), isOptional: true)
        }
    }

    /// The error for the first column that is not optional and not among the known columns, if any.
    static func missing(_ wanted: [Wanted], in value: Value, argument: String) -> CommandError? {
        guard let columns = known(value),
              let index = wanted.firstIndex(where: { !$0.isOptional && !columns.contains($0.name) }) else { return nil }
        return CommandError("no column \"\(wanted[index].name)\"", argument: "\(argument)[\(index)]",
                            hint: hint(for: wanted[index].name, among: columns))
    }

    /// The error for the first of `names` not among the known columns of `value`, if any; its
    /// `argument` is `"\(argument)[index]"`, which the call points at (that one word of the list).
    static func missing(_ names: [String], in value: Value, argument: String) -> CommandError? {
        guard let columns = known(value) else { return nil }
        guard let index = names.firstIndex(where: { !columns.contains($0) }) else { return nil }
        return CommandError("no column \"\(names[index])\"", argument: "\(argument)[\(index)]",
                            hint: hint(for: names[index], among: columns))
    }
}
