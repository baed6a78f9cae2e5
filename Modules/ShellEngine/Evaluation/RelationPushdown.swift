#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Turning `where`, `sort-by`, `first` and `skip` on stored rows into SQL, with the same meaning as
/// running them over the rows in memory (`ValueOrdering`, `Operators`). Anything it cannot translate
/// exactly — a closure, `not`, a comparison of two columns, a decimal against money — returns `nil`,
/// and the command reads the rows and works in memory instead.
enum RelationPushdown {
    /// The relation narrowed by the condition, or `nil` when the condition cannot be SQL.
    static func filter(_ relation: Relation, by expression: ShellSyntax.Expression, context: CallContext) throws -> Relation? {
        guard relation.limit == nil, relation.offset == nil,
              let condition = context.node.condition,
              let fragment = try translate(condition.node, relation, context) else { return nil }
        var narrowed = relation
        narrowed.conditions.append(fragment)
        return narrowed
    }

    /// How many operands an `and`/`or` chain may have to become SQL: SQLite refuses expressions nested
    /// more than 1,000 deep (it nests `a AND b AND c` to the left) and more than 32,766 parameters, so a
    /// longer chain is filtered in memory.
    static let maximumSQLOperands = 200

    private static func translate(_ node: Node, _ relation: Relation, _ context: CallContext) throws -> Relation.Fragment? {
        if let logical = node as? LogicalNode {
            guard logical.operands.count <= maximumSQLOperands else { return nil }
            var parts: [String] = []
            var arguments: [SQLValue] = []
            for operand in logical.operands {
                guard let fragment = try translate(operand, relation, context) else { return nil }
                parts.append("(\(fragment.sql))")
                arguments += fragment.arguments
            }
            return .init(parts.joined(separator: logical.isAnd ? " AND " : " OR "), arguments)
        }
        guard let binary = node as? BinaryNode, binary.op.isComparison else { return nil }
        if let column = binary.left as? ColumnNode, let value = try constant(binary.right, relation, context) {
            return try comparison(column.name, binary.op, value, relation, context)
        }
        if let column = binary.right as? ColumnNode, let value = try constant(binary.left, relation, context),
           let flipped = flip(binary.op) {
            return try comparison(column.name, flipped, value, relation, context)
        }
        return nil
    }

    /// The value of an operand that does not depend on the row, or `nil`.
    private static func constant(_ node: Node, _ relation: Relation, _ context: CallContext) throws -> Value? {
        switch node {
        case is ConstantNode, is VariableNode, is InputNode, is EnvironmentNode, is SubexpressionNode, is InterpolationNode:
            return try context.interpreter.materialize(try node.evaluate(context.env), at: node)
        case let column as ColumnNode where !column.strict:
            // A bare word on the right that names no column is text: `status == qualified`.
            return relation.column(named: column.name) == nil ? ColumnNode.literal(column.name) : nil
        default:
            return nil
        }
    }

    private static func flip(_ op: BinaryOperator) -> BinaryOperator? {
        switch op {
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        case .equal, .notEqual: return op
        default: return nil
        }
    }

    private static func sqlOperator(_ op: BinaryOperator) -> String? {
        switch op {
        case .equal: return "="
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        default: return nil
        }
    }

    private static func comparison(_ name: String, _ op: BinaryOperator, _ value: Value, _ relation: Relation,
                                   _ context: CallContext) throws -> Relation.Fragment? {
        guard let column = relation.column(named: name) else { return nil }
        if let lookup = column.lookup { return lookupComparison(column, lookup, op, value) }
        if value == .null {
            let sql = column.sqlColumns[0]
            switch op {
            case .equal: return .init("\(sql) IS NULL")
            case .notEqual: return .init("\(sql) IS NOT NULL")
            default: return .init("FALSE")  // ordering against null never holds
            }
        }
        if op == .contains || op == .notContains {
            // `funnel_contains` is the store's `=~`: the code `Operators.contains` runs in memory.
            guard case .text(let sql) = column.kind, case .string(let pattern) = value else { return nil }
            if op == .contains { return .init("funnel_contains(\(sql), ?)", [.text(pattern)]) }
            return .init("(\(sql) IS NULL OR NOT funnel_contains(\(sql), ?))", [.text(pattern)])
        }
        guard let sqlOp = sqlOperator(op) else { return nil }
        let argument: SQLValue
        let sql: String
        switch (column.kind, value) {
        case (.integer(let c), .int(let i)): sql = c; argument = .integer(i)
        case (.text(let c), .string(let s)): sql = c; argument = .text(s)
        case (.bool(let c), .bool(let b)): sql = c; argument = .integer(b ? 1 : 0)
        case (.date(let c), .date(let d)): sql = c; argument = .text(Day.formatTimestamp(d))
        case (.id(let kind, let c), .id(let id)) where id.kind == kind: sql = c; argument = .integer(id.number)
        case (.decimal(let c, let places), _):
            guard let scaled = scaled(value, places: places) else { return nil }
            sql = c; argument = .integer(scaled)
        case (.money(let minor, let currency), .money(let money)):
            if op == .notEqual {
                return .init("(\(minor) IS NULL OR \(currency) <> ? OR \(minor) <> ?)", [.text(money.currency.code), .integer(money.minorUnits)])
            }
            return .init("(\(currency) = ? AND \(minor) \(sqlOp) ?)", [.text(money.currency.code), .integer(money.minorUnits)])
        case (.money(let minor, let currency), .int(let units)):
            // Whole units of each row's currency: one exact comparison per currency present, so the
            // database can use its (currency, amount) index; a per-row CASE when there are many.
            let present = try currencies(in: currency, of: relation, context)
            if op != .notEqual, present.count <= 8 {
                var parts: [String] = []
                var arguments: [SQLValue] = []
                for code in present {
                    guard let amount = Money.major(units, Currency(code: code) ?? .cny) else { return nil }
                    parts.append("(\(currency) = ? AND \(minor) \(sqlOp) ?)")
                    arguments += [.text(code), .integer(amount.minorUnits)]
                }
                return parts.isEmpty ? .init("FALSE") : .init(parts.joined(separator: " OR "), arguments)
            }
            let scaled = "? * " + scaleSQL(currency)
            if op == .notEqual { return .init("(\(minor) IS NULL OR \(minor) <> \(scaled))", [.integer(units)]) }
            return .init("\(minor) \(sqlOp) \(scaled)", [.integer(units)])
        default:
            return nil
        }
        if op == .notEqual { return .init("(\(sql) IS NULL OR \(sql) <> ?)", [argument]) }
        return .init("\(sql) \(sqlOp) ?", [argument])
    }

    /// A comparison on a column kept in another table (a custom field), as a set of ids read from
    /// that table's index: the same rows as comparing the looked-up value row by row, where a row
    /// without a value is null.
    private static func lookupComparison(_ column: Relation.Column, _ lookup: Relation.Lookup, _ op: BinaryOperator,
                                         _ value: Value) -> Relation.Fragment? {
        let stored = lookup.value
        if value == .null {
            switch op {
            case .equal: return lookup.having("TRUE", negated: true)
            case .notEqual: return lookup.having("TRUE")
            default: return .init("FALSE")
            }
        }
        if op == .contains || op == .notContains {
            guard case .text = column.kind, case .string(let pattern) = value else { return nil }
            return lookup.having("funnel_contains(\(stored), ?)", [.text(pattern)], negated: op == .notContains)
        }
        guard let sqlOp = sqlOperator(op) else { return nil }
        let argument: SQLValue
        switch (column.kind, value) {
        case (.integer, .int(let i)): argument = .integer(i)
        case (.text, .string(let s)): argument = .text(s)
        case (.bool, .bool(let b)): argument = .integer(b ? 1 : 0)
        case (.date, .date(let d)): argument = .text(Day.formatTimestamp(d))
        case (.decimal(_, let places), _):
            guard let scaled = scaled(value, places: places) else { return nil }
            argument = .integer(scaled)
        case (.money, .money(let money)):
            // The same amount in the same currency; another currency is never equal nor ordered.
            guard let currency = lookup.currency else { return nil }
            let codeAndAmount = "\(currency) = ? AND \(stored)"
            let arguments: [SQLValue] = [.text(money.currency.code), .integer(money.minorUnits)]
            if op == .notEqual { return lookup.having(codeAndAmount + " = ?", arguments, negated: true) }
            return lookup.having(codeAndAmount + " \(sqlOp) ?", arguments)
        case (.money, .int(let units)):
            // Whole units of each value's own currency, as in memory.
            guard let currency = lookup.currency else { return nil }
            let scaled = "? * " + scaleSQL(currency)
            if op == .notEqual { return lookup.having("\(stored) = \(scaled)", [.integer(units)], negated: true) }
            return lookup.having("\(stored) \(sqlOp) \(scaled)", [.integer(units)])
        default: return nil
        }
        if op == .notEqual { return lookup.having("\(stored) = ?", [argument], negated: true) }
        return lookup.having("\(stored) \(sqlOp) ?", [argument])
    }

    /// A number as the integer of 10^-places a decimal column stores, or nil when it is no number or
    /// has more places (then the comparison runs in memory, exactly).
    private static func scaled(_ value: Value, places: Int) -> Int64? {
        let number: Decimal
        switch value {
        case .int(let i): number = Decimal(i)
        case .decimal(let d): number = d
        default: return nil
        }
        return CustomFields.scaledDecimal(number, places: places)
    }

    /// The currency codes stored in a money column's currency column, up to nine (more are many).
    private static func currencies(in column: String, of relation: Relation, _ context: CallContext) throws -> [String] {
        let database = try context.stageContext().database
        let table = relation.source
        // Through an index led by the column, one seek per currency instead of a read of every row.
        let sql = CoreSchema.hasIndex(on: table, startingWith: column) ? """
            WITH RECURSIVE present(code) AS (
                SELECT min(\(column)) FROM \(table)
                UNION ALL
                SELECT (SELECT min(\(column)) FROM \(table) WHERE \(column) > present.code) FROM present WHERE present.code IS NOT NULL)
            SELECT code FROM present WHERE code IS NOT NULL LIMIT 9
            """ : "SELECT DISTINCT \(column) AS code FROM \(table) WHERE \(column) IS NOT NULL LIMIT 9"
        return try database.query(sql).compactMap { $0.text("code") }
    }

    /// The power of ten between major and minor units of the currency in `column`, as SQL.
    private static func scaleSQL(_ column: String) -> String {
        let unusual = ["JPY": 1, "KRW": 1, "VND": 1, "CLP": 1, "ISK": 1, "UGX": 1,
                       "BHD": 1000, "KWD": 1000, "OMR": 1000, "JOD": 1000, "TND": 1000, "IQD": 1000, "LYD": 1000]
        let cases = unusual.keys.sorted().map { "WHEN '\($0)' THEN \(unusual[$0] ?? 100)" }.joined(separator: " ")
        return "(CASE \(column) \(cases) ELSE 100 END)"
    }

    /// The relation ordered by the columns, or `nil` when a column is not stored or rows are already cut.
    static func sort(_ relation: Relation, by fields: [String], reverse: Bool) -> Relation? {
        guard relation.limit == nil, relation.offset == nil else { return nil }
        var ordering: [Relation.Fragment] = []
        for field in fields {
            guard let column = relation.column(named: field) else { return nil }
            let direction = reverse ? " DESC" : ""
            switch column.kind {
            case .money(let minor, let currency):
                ordering.append(.init("\(minor) IS NULL, \(currency)\(direction), \(minor)\(direction)"))
            default:
                let sql = column.sqlColumns[0]
                ordering.append(.init("\(sql) IS NULL, \(sql)\(direction)"))
            }
        }
        var sorted = relation
        sorted.ordering = ordering + relation.ordering
        return sorted
    }
}
