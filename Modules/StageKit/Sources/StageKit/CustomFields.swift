#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel

/// A team's own fields on leads, deals, products, customers, invoices and payments (`field add lead
/// employees int`, `field add invoice region string`, or an import's
/// columns kept with `--keep-extra`): declared in the core table `custom_fields` (entity, name, type)
/// and stored one value a row in `custom_values` (entity, field, record, value), keyed so that one
/// field's values are one range of the primary key.
///
/// Why rows of their own and not a JSON column on each table: leads and deals without custom values
/// cost nothing (their rows, inserts and the push-down of built-in columns are as before); a filter
/// on a custom field reads only that field's range (`id IN (SELECT record ... WHERE value > ?)`),
/// measured faster than `json_extract` over every row; and removing a field is one range delete.
/// docs/architecture.md has the measurements.
public enum CustomFields {
    /// The entities that carry custom fields, by the name `field add` takes.
    public enum Entity: String, CaseIterable, Sendable {
        case lead, deal, product, customer, invoice, payment

        /// The names of the entity's built-in fields and columns (as its list command shows them and its
        /// import takes them), which a custom field may not take.
        public var builtIn: [String] {
            switch self {
            case .lead:
                return LeadTable.listColumns + ["timeline_days", "purchase_frequency", "created_at", "budget_minor", "budget_currency", "custom"]
            case .deal:
                return ["id", "title", "customer", "stage", "status", "value", "owner", "lead", "created", "closed", "product",
                        "currency", "lost_reason", "expected_close", "custom"]
            case .product:
                return ["id", "sku", "name", "price", "cost", "stock", "category", "currency", "addresses", "lead time", "lead_time", "lead_time_days", "custom"]
            case .customer:
                return ["id", "name", "tier", "lead", "open", "won", "lost", "created", "created_at", "custom"]
            case .invoice:
                // `invoice list`'s columns, `invoice import`'s fields, and the currency columns `--csv` writes beside money.
                return ["id", "number", "customer", "contract", "kind", "amount", "paid", "balance", "due", "days overdue", "days_overdue",
                        "status", "dunned", "issued", "settled", "currency", "amount_currency", "paid_currency", "balance_currency", "custom"]
            case .payment:
                return ["id", "invoice", "number", "customer", "amount", "paid", "method", "reference", "days late", "days_late",
                        "currency", "amount_currency", "custom"]
            }
        }

        /// The stored table the values belong to, whose `id` is the value's `record`.
        public var table: String {
            switch self {
            case .lead: return "leads"
            case .deal: return "deals"
            case .product: return "products"
            case .customer: return "customers"
            case .invoice: return "invoices"
            case .payment: return "payments"
            }
        }
    }

    /// What a custom field holds; values are checked against it on import and edit.
    public enum FieldType: String, CaseIterable, Sendable {
        /// Any text.
        case string
        /// A whole number (`1,200` and `80.0` read as 1200 and 80).
        case int
        /// A calendar date in any form `Day.parse` reads.
        case date
        /// yes/no, true/false, y/n, 1/0.
        case bool
        /// An amount of money: integer minor units and a currency (`1,200.50 USD`; a plain number is
        /// in the import's `--currency`, CNY by default), shown, compared and summed like built-in money.
        case money
        /// An exact decimal number with at most six decimal places (`0.125`, `-3.5`, `1,200.75`),
        /// stored as an integer of millionths and compared as one, never through binary floating point.
        case decimal

        /// How the type is described to a user, e.g. in `field add`'s help.
        public var summary: String {
            switch self {
            case .string: return "any text"
            case .int: return "whole numbers"
            case .date: return "dates"
            case .bool: return "yes or no"
            case .money: return "amounts with a currency"
            case .decimal: return "exact decimal numbers, at most \(CustomFields.decimalPlaces) places"
            }
        }
    }

    /// How many decimal places a `decimal` field keeps: its values are stored as integers of
    /// 10^-decimalPlaces (millionths).
    public static let decimalPlaces = 6

    /// What one value is stored as: the `value` column, and for money the `currency` column.
    public struct Stored: Sendable, Equatable {
        public let value: SQLValue
        /// The currency code of a money value; nil for the other types.
        public let currency: String?

        public init(_ value: SQLValue, currency: String? = nil) {
            self.value = value
            self.currency = currency
        }

        /// The arguments of `insertSQL` for this value of `field` on `record` of `entity`.
        public func arguments(entity: Entity, field: String, record: Int64) -> [SQLValue] {
            [.text(entity.rawValue), .text(field), .integer(record), value, currency.map(SQLValue.text) ?? .null]
        }
    }

    /// One declared field.
    public struct Field: Sendable, Equatable {
        public let entity: Entity
        public let name: String
        public let type: FieldType

        public init(entity: Entity, name: String, type: FieldType) {
            self.entity = entity
            self.name = name
            self.type = type
        }

        /// How the field reads as a column of a relation whose rows' ids are in `key`.
        public func column(key: String = "id") -> Relation.Column {
            // `value` has no type: SQLite keeps each value's own; PostgreSQL keeps text, so whole
            // numbers (int, bool, money, and decimals kept in millionths) are read as integers on both.
            let whole = type == .int || type == .bool || type == .money || type == .decimal
            let value = whole ? "CAST(value AS BIGINT)" : "value"
            let sql = "(SELECT \(value) FROM custom_values WHERE entity = '\(entity.rawValue)' AND field = '\(name)' AND record = \(key))"
            let kind: Relation.ColumnKind
            switch type {
            case .string: kind = .text(sql)
            case .int: kind = .integer(sql)
            case .date: kind = .date(sql)
            case .bool: kind = .bool(sql)
            case .money: kind = .money(minor: sql, currency: CustomFields.currencySQL(entity, name, key: key))
            case .decimal: kind = .decimal(sql, places: CustomFields.decimalPlaces)
            }
            return Relation.Column(name, kind, lookup: Relation.Lookup(key: key, rows: "SELECT record FROM custom_values WHERE entity = '\(entity.rawValue)' AND field = '\(name)'",
                                                                      value: value, currency: type == .money ? "currency" : nil))
        }
    }

    /// The tables (core v21), and triggers that remove a deleted record's values.
    static let schema: [String] = [
        """
        CREATE TABLE custom_fields (
            entity TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (entity, name)
        )
        """,
        """
        CREATE TABLE custom_values (
            entity TEXT NOT NULL,
            field TEXT NOT NULL,
            record INTEGER NOT NULL,
            value,
            PRIMARY KEY (entity, field, record)
        ) WITHOUT ROWID
        """,
    ] + [Entity.lead, .deal, .product].map(deleteTrigger)

    /// Core v23: the currency of money values.
    static let moneySchema: [String] = ["ALTER TABLE custom_values ADD COLUMN currency TEXT"]

    /// Core v24: the delete triggers of customers, invoices and payments, which carry custom fields since.
    static let receivablesSchema: [String] = [Entity.customer, .invoice, .payment].map(deleteTrigger)

    /// The trigger that removes a deleted record's values: one seek per declared field of the entity,
    /// through the primary key. A migration that rebuilds the entity's table creates it again.
    static func deleteTrigger(_ entity: Entity) -> String {
        """
        CREATE TRIGGER \(entity.table)_custom_values AFTER DELETE ON \(entity.table) BEGIN
            DELETE FROM custom_values WHERE entity = '\(entity.rawValue)'
                AND field IN (SELECT name FROM custom_fields WHERE entity = '\(entity.rawValue)') AND record = OLD.id;
        END
        """
    }

    /// The SQL expression of one record's value (a correlated lookup by the primary key).
    public static func valueSQL(_ entity: Entity, _ name: String, key: String) -> String {
        "(SELECT value FROM custom_values WHERE entity = '\(entity.rawValue)' AND field = '\(name)' AND record = \(key))"
    }

    /// The SQL expression of the currency of one record's money value.
    public static func currencySQL(_ entity: Entity, _ name: String, key: String) -> String {
        "(SELECT currency FROM custom_values WHERE entity = '\(entity.rawValue)' AND field = '\(name)' AND record = \(key))"
    }

    /// The fields declared on `entity`, in the order they were added.
    public static func fields(of entity: Entity, in database: any SQLDatabase) throws -> [Field] {
        try database.query("SELECT name, type FROM custom_fields WHERE entity = ? ORDER BY position, name", [.text(entity.rawValue)])
            .compactMap { row in
                guard let name = row.text("name"), let type = row.text("type").flatMap(FieldType.init(rawValue:)) else { return nil }
                return Field(entity: entity, name: name, type: type)
            }
    }

    /// The field of that name on `entity`, or nil.
    public static func field(_ name: String, of entity: Entity, in database: any SQLDatabase) throws -> Field? {
        try fields(of: entity, in: database).first { $0.name == name }
    }

    /// Why `name` cannot name a field of an entity whose built-in columns are `builtIn`, or nil.
    public static func nameProblem(_ name: String, builtIn: [String]) -> String? {
        guard let first = name.first, first.isLetter else { return "\"\(name)\" is not a field name: it starts with a letter" }
        guard name.count <= 64 else { return "\"\(name)\" is not a field name: at most 64 characters" }
        guard name.allSatisfy({ ($0.isLetter && $0.lowercased() == String($0)) || $0.isNumber || $0 == "_" }) else {
            return "\"\(name)\" is not a field name: lower-case letters, digits and _ only (e.g. industry_segment)"
        }
        if builtIn.contains(name) { return "\(name) is a built-in field" }
        return nil
    }

    /// The field name for a file's column header: lower case, every run of other characters one `_`
    /// (`Industry Segment` → `industry_segment`); nil when nothing usable is left.
    public static func name(forColumn header: String) -> String? {
        var result = ""
        var pendingUnderscore = false
        for character in header.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingUnderscore, !result.isEmpty { result.append("_") }
                pendingUnderscore = false
                result.append(character)
            } else {
                pendingUnderscore = true
            }
        }
        guard let first = result.first else { return nil }
        if !first.isLetter { result = "f_" + result }
        return String(result.prefix(64))
    }

    /// Declares a field (after the others of its entity). Throws when the name is taken by a field
    /// of another type; declaring the same field again changes nothing.
    public static func define(_ field: Field, builtIn: [String], in database: any SQLDatabase) throws {
        if let problem = nameProblem(field.name, builtIn: builtIn) { throw CommandError(problem, argument: "name") }
        if let existing = try self.field(field.name, of: field.entity, in: database) {
            guard existing.type == field.type else {
                throw CommandError("\(field.entity.rawValue) already has a field \(field.name) of type \(existing.type.rawValue)", argument: "name",
                                   hint: "remove it first: field rm \(field.entity.rawValue) \(field.name)")
            }
            return
        }
        let next = try database.query("SELECT coalesce(max(position), 0) + 1 AS n FROM custom_fields WHERE entity = ?",
                                      [.text(field.entity.rawValue)]).first?.integer("n") ?? 1
        try database.execute("INSERT INTO custom_fields (entity, name, type, position) VALUES (?, ?, ?, ?)",
                             [.text(field.entity.rawValue), .text(field.name), .text(field.type.rawValue), .integer(next)])
    }

    /// Removes a field and every value of it; returns how many values went.
    public static func remove(_ name: String, of entity: Entity, in database: any SQLDatabase) throws -> Int64 {
        let count = try database.query("SELECT count(*) AS n FROM custom_values WHERE entity = ? AND field = ?",
                                       [.text(entity.rawValue), .text(name)]).first?.integer("n") ?? 0
        try database.execute("DELETE FROM custom_values WHERE entity = ? AND field = ?", [.text(entity.rawValue), .text(name)])
        try database.execute("DELETE FROM custom_fields WHERE entity = ? AND name = ?", [.text(entity.rawValue), .text(name)])
        return count
    }

    /// How many values each field of `entity` holds.
    public static func valueCounts(of entity: Entity, in database: any SQLDatabase) throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for row in try database.query("SELECT field, count(*) AS n FROM custom_values WHERE entity = ? GROUP BY field", [.text(entity.rawValue)]) {
            if let field = row.text("field") { counts[field] = row.integer("n") ?? 0 }
        }
        return counts
    }

    /// The value stored for `text` in a field of `type`, or why it is not one (for import messages);
    /// a money value that names no currency is in `currency`.
    public static func parse(_ text: String, as type: FieldType, currency: Currency = .cny) -> Result<Stored, Refusal> {
        let trimmed = text.trimmingSpaces
        switch type {
        case .string:
            return .success(Stored(.text(trimmed)))
        case .int:
            if let number = wholeNumber(trimmed) { return .success(Stored(.integer(number))) }
            return .failure(Refusal(reason: "\"\(trimmed)\" is not a whole number"))
        case .date:
            do { return .success(Stored(.text(Day.formatTimestamp(try Day.parse(trimmed))))) } catch { return .failure(Refusal(reason: error.description)) }
        case .bool:
            switch trimmed.lowercased() {
            case "yes", "y", "true", "1": return .success(Stored(.integer(1)))
            case "no", "n", "false", "0": return .success(Stored(.integer(0)))
            default: return .failure(Refusal(reason: "\"\(trimmed)\" is not yes or no"))
            }
        case .money:
            do {
                let money = try Money.parse(trimmed, defaultCurrency: currency)
                return .success(Stored(.integer(money.minorUnits), currency: money.currency.code))
            } catch {
                return .failure(Refusal(reason: "\"\(trimmed)\" is not an amount (e.g. 1,200.50 USD)"))
            }
        case .decimal:
            if let scaled = scaledDecimal(trimmed) { return .success(Stored(.integer(scaled))) }
            return .failure(Refusal(reason: "\"\(trimmed)\" is not a decimal number with at most \(decimalPlaces) decimal places"))
        }
    }

    /// `12.5`, `-0.125`, `1,200.75` as an integer of millionths (`decimalPlaces`), exactly; nil when
    /// the text is not such a number, has more decimal places or is too large.
    static func scaledDecimal(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard !(whole.isEmpty && fraction.isEmpty), fraction.count <= decimalPlaces,
              fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if whole.contains(",") {
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            whole = groups.joined()
        }
        guard whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let digits = (whole.isEmpty ? "0" : whole) + fraction + String(repeating: "0", count: decimalPlaces - fraction.count)
        guard let magnitude = Int64(digits) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// The stored integer of 10^-places (millionths) for an exact decimal, or nil when it has more
    /// decimal places than that or is out of range (a comparison with it is then made in memory).
    public static func scaledDecimal(_ value: Decimal, places: Int = decimalPlaces) -> Int64? {
        let scaled = value * Decimal(sign: .plus, exponent: places, significand: 1)
        guard scaled.roundedToWhole(halfEven: false) == scaled, scaled <= Decimal(Int64.max), scaled >= Decimal(Int64.min + 1) else { return nil }
        return scaled.truncatedInt64
    }


    /// Why a value does not fit a field.
    public struct Refusal: Error, Sendable {
        public let reason: String
    }

    /// `1200`, `-3`, `1,200` (groups of three) and `80.0` as whole numbers.
    static func wholeNumber(_ text: String) -> Int64? {
        if let number = Int64(text) { return number }
        var body = Substring(text)
        if let dot = body.firstIndex(of: "."), body[body.index(after: dot)...].allSatisfy({ $0 == "0" }) { body = body[..<dot] }
        if let number = Int64(body) { return number }
        let sign = body.hasPrefix("-") ? "-" : ""
        let digits = body.drop { $0 == "-" || $0 == "+" }
        let groups = digits.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count > 1, (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        return Int64(sign + groups.joined())
    }

    /// A value read from `custom_values.value` as a field of `type` stores it: an int, bool, money or
    /// decimal (millionths) field's whole number as an integer. SQLite gives each value back with its
    /// own type; PostgreSQL, whose column is text, gives the number's digits, made an integer here.
    public static func stored(_ value: SQLValue, as type: FieldType) -> SQLValue {
        guard case .text(let text) = value, type != .string, type != .date, let number = Int64(text) else { return value }
        return .integer(number)
    }

    /// The shell value of a stored value of a field of `type`.
    public static func value(_ stored: Stored, as type: FieldType) -> Value {
        let kind: Relation.ColumnKind
        switch type {
        case .string: kind = .text("")
        case .int: kind = .integer("")
        case .date: kind = .date("")
        case .bool: kind = .bool("")
        case .money: kind = .money(minor: "", currency: "")
        case .decimal: kind = .decimal("", places: decimalPlaces)
        }
        return Relation.decode(kind, [CustomFields.stored(stored.value, as: type), stored.currency.map(SQLValue.text) ?? .null], at: 0)
    }

    /// The values of every field of `entity` for one record, in field order (null where none is stored).
    public static func values(of entity: Entity, record: Int64, in database: any SQLDatabase) throws -> [(String, Value)] {
        let fields = try fields(of: entity, in: database)
        guard !fields.isEmpty else { return [] }
        var stored: [String: Stored] = [:]
        for row in try database.query("SELECT field, value, currency FROM custom_values WHERE entity = ? AND record = ? AND field IN (SELECT name FROM custom_fields WHERE entity = ?)",
                                      [.text(entity.rawValue), .integer(record), .text(entity.rawValue)]) {
            if let field = row.text("field") { stored[field] = Stored(row["value"] ?? .null, currency: row.text("currency")) }
        }
        return fields.map { field in (field.name, stored[field.name].map { CustomFields.value($0, as: field.type) } ?? .null) }
    }

    /// Sets (or, with nil, clears) one record's value of a field.
    public static func set(_ stored: Stored?, field: String, of entity: Entity, record: Int64, in database: any SQLDatabase) throws {
        if let stored, stored.value != .null {
            try database.execute(insertSQL, stored.arguments(entity: entity, field: field, record: record))
        } else {
            try database.execute("DELETE FROM custom_values WHERE entity = ? AND field = ? AND record = ?",
                                 [.text(entity.rawValue), .text(field), .integer(record)])
        }
    }

    /// Inserts the values of records just created (none has a value yet), each row given as
    /// `Stored.arguments(entity:field:record:)` makes it, in one call (a bulk load's batch).
    public static func insertNew(rows: [[SQLValue]], in database: any SQLDatabase) throws {
        _ = try database.insert(into: "custom_values", columns: ["entity", "field", "record", "value", "currency"], rows: rows, returningIDs: false)
    }

    /// `INSERT INTO custom_values (entity, field, record, value, currency) VALUES (?, ?, ?, ?, ?)`, replacing
    /// the value a record already has for the field, to prepare once for an import (its arguments from
    /// `Stored.arguments`). Portable: SQLite and PostgreSQL both take its `ON CONFLICT`.
    public static let insertSQL = "INSERT INTO custom_values (entity, field, record, value, currency) VALUES (?, ?, ?, ?, ?) "
        + "ON CONFLICT (entity, field, record) DO UPDATE SET value = excluded.value, currency = excluded.currency"

    /// `relation` with a column for each field of `entity` after its own columns (the rows' ids in
    /// `key`; by default the entity's table's `id`).
    public static func extend(_ relation: Relation, entity: Entity, key: String? = nil, in database: any SQLDatabase) throws -> Relation {
        let fields = try fields(of: entity, in: database)
        guard !fields.isEmpty else { return relation }
        let key = key ?? "\(entity.table).id"
        var extended = Relation(source: relation.source, columns: relation.columns + fields.map { $0.column(key: key) },
                                conditions: relation.conditions)
        extended.ordering = relation.ordering
        extended.limit = relation.limit
        extended.offset = relation.offset
        extended.selection = relation.selection
        return extended
    }

    /// Applies `--set name=value` assignments to one record: each name a field of `entity`, each value
    /// checked against its type (empty clears). Returns each change as (field, from, to), in order;
    /// nothing is written when `write` is false (a dry run).
    public static func assign(_ assignments: [String], to entity: Entity, record: Int64, argument: String = "set", currency: Currency = .cny,
                              write: Bool, in database: any SQLDatabase) throws -> [(String, Value, Value)] {
        guard !assignments.isEmpty else { return [] }
        let fields = try fields(of: entity, in: database)
        let before = Dictionary(try values(of: entity, record: record, in: database), uniquingKeysWith: { a, _ in a })
        var changes: [(String, Value, Value)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw CommandError("\"\(assignment)\" is not field=value", argument: argument)
            }
            let name = String(assignment[..<equals]).trimmingSpaces
            let text = String(assignment[assignment.index(after: equals)...]).trimmingSpaces
            guard let field = fields.first(where: { $0.name == name }) else {
                let known = fields.map(\.name)
                throw CommandError("\(entity.rawValue) has no custom field \"\(name)\"", argument: argument,
                                   hint: known.isEmpty ? "declare one: field add \(entity.rawValue) \(name) string"
                                       : "custom fields: " + known.joined(separator: ", "))
            }
            var stored: Stored? = nil
            if !text.isEmpty {
                switch parse(text, as: field.type, currency: currency) {
                case .success(let value): stored = value
                case .failure(let refusal): throw CommandError("\(name): \(refusal.reason) (\(name) is \(field.type.rawValue))", argument: argument)
                }
            }
            let old = before[name] ?? .null
            let new = stored.map { value($0, as: field.type) } ?? .null
            if old == new { continue }
            if write { try set(stored, field: name, of: entity, record: record, in: database) }
            changes.removeAll { $0.0 == name }
            changes.append((name, old, new))
        }
        return changes
    }
}
