#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Related fields: on rows with a column of ids (`customer` holding `C-1`), `customer.name` is the
/// `name` column of that id's row in `customer list`. The rows are joined (left outer, on `id`) to
/// the list of that kind, so on stored rows a filter or sort on `customer.name` is one SQL query.
/// Paths go on through ids: `contract.deal.owner` is the owner of the deal of the row's contract.
enum RelatedFields {
    /// `value` with a column for each of `names` that is `COLUMN.FIELD` of a related row and not
    /// already a column (left as it is when there is none), and the names added.
    static func reach(_ names: [String], in value: Value, context: CallContext) throws -> (Value, added: [String]) {
        guard names.contains(where: { $0.contains(".") }), let columns = ColumnCheck.known(value) else { return (value, []) }
        var wanted: [String: [String]] = [:]  // column of ids -> related names, in first-asked order
        var bases: [String] = []
        for name in names where !columns.contains(name) {
            guard let dot = name.firstIndex(of: "."), columns.contains(String(name[..<dot])) else { continue }
            let base = String(name[..<dot])
            if wanted[base] == nil { bases.append(base) }
            if wanted[base]?.contains(name) != true { wanted[base, default: []].append(name) }
        }
        guard !bases.isEmpty else { return (value, []) }
        var current = value
        var added: [String] = []
        for base in bases {
            guard let kind = try kind(of: base, in: current, context),
                  case .stage(let command, let stage)? = context.interpreter.table.lookup("\(kind.noun) list") else { continue }
            // `contract.deal.owner`: the contracts reach `deal.owner` first.
            let inner = (wanted[base] ?? []).map { String($0.dropFirst(base.count + 1)) }
            let (related, _) = try reach(inner, in: try context.interpreter.runStageCommand(command, stage: stage, Invocation(), at: context.node),
                                         context: context)
            guard let relatedColumns = ColumnCheck.known(related) ?? (related == .null ? nil : context.columns(of: related)),
                  relatedColumns.contains("id") else { continue }
            let reachable = (wanted[base] ?? []).filter { relatedColumns.contains(String($0.dropFirst(base.count + 1))) }
            guard !reachable.isEmpty else { continue }
            let visible = context.columns(of: current)
            let joined = try JoinCommand.join(current, related, Joining(leftKey: base, rightKey: "id", keepUnmatched: true, prefix: base + "."), context)
            current = keep(visible + reachable, of: joined)
            added += reachable
        }
        return (current, added)
    }

    /// The rows with only `columns`, in that order.
    static func keep(_ columns: [String], of value: Value) -> Value {
        switch value {
        case .relation(var relation):
            relation.selection = columns
            return .relation(relation)
        case .table(let table):
            return .table(Table(columns: columns, rows: table.rows.map { row in Record(columns.map { ($0, row[$0] ?? .null) }) }))
        default:
            return value
        }
    }

    /// The rows without the `added` columns again (after a filter or sort that used them).
    static func drop(_ added: [String], from value: Value, context: CallContext) -> Value {
        guard !added.isEmpty else { return value }
        return keep(context.columns(of: value).filter { !added.contains($0) }, of: value)
    }

    /// The kind of the ids in a column: its stored kind, or the kind of the first id in it.
    private static func kind(of column: String, in value: Value, _ context: CallContext) throws -> EntityKind? {
        if case .relation(let relation) = value {
            if case .id(let kind, _)? = relation.column(named: column)?.kind { return kind }
            return nil
        }
        for row in try context.rows(value, for: "select") {
            if case .id(let id)? = row[column] { return id.kind }
        }
        return nil
    }
}
