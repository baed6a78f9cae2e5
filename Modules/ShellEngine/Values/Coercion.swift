#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// Turning an argument into the type its signature declares, from the word as written (a bare word)
/// or from a value (a variable, a subexpression).
enum Coercion {
    struct Failure: Error { let message: String }

    /// A bare word as the type: `12,345.67` as money, `L-3` as a lead id, `2026-01-31` as a date.
    static func fromWord(_ text: String, to type: ArgumentType) throws(Failure) -> Value {
        switch type {
        case .string, .file, .commandName: return .string(text)
        case .word:
            if let literal = LiteralClassifier.literal(text), let value = try? LiteralValue.value(of: literal) { return value }
            if let money = try? Money.parse(text), text.first?.isNumber == true { return .money(money) }
            for kind in [EntityKind.lead, .customer, .contact, .deal] {
                if let id = EntityID(parsing: text, as: kind) { return .id(id) }
            }
            return .string(text)
        default:
            // A literal written the language's way (`4821CNY`, `30day`) counts as that value.
            if let literal = LiteralClassifier.literal(text), let value = try? LiteralValue.value(of: literal),
               let converted = try? fromValue(value, to: type) {
                return converted
            }
            return try fromValue(.string(text), to: type, wasWord: true)
        }
    }

    static func fromValue(_ value: Value, to type: ArgumentType, wasWord: Bool = false) throws(Failure) -> Value {
        let text = value.plainText
        func wrong(_ expected: String) -> Failure {
            wasWord || value.typeName == "string" ? Failure(message: "\"\(text)\" is not \(expected)")
                : Failure(message: "expected \(expected), got \(Operators.describe(value))")
        }
        if value == .null { return .null }
        switch type {
        case .word: return value
        case .string, .file, .commandName:
            switch value {
            case .list, .record, .table, .relation, .closure: throw wrong("text")
            default: return .string(text)
            }
        case .int:
            if case .int = value { return value }
            if case .decimal(let d) = value, let i = d.truncatedInt64, Decimal(i) == d { return .int(i) }
            if case .string = value, let i = Int64(text) { return .int(i) }
            throw wrong("a whole number")
        case .decimal:
            if let d = ValueOrdering.decimal(value) { return .decimal(d) }
            if case .string = value, let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
               text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return .decimal(d) }
            throw wrong("a number")
        case .money:
            switch value {
            case .money: return value
            case .int, .decimal, .string:
                do { return .money(try Money.parse(text)) } catch {
                    throw Failure(message: wasWord ? error.description : "expected an amount: \(error.description)")
                }
            default: throw wrong("an amount")
            }
        case .date:
            if case .date = value { return value }
            if case .string = value { do { return .date(try Day.parse(text)) } catch { throw Failure(message: error.description) } }
            throw wrong("a date")
        case .duration:
            if case .duration = value { return value }
            if case .string = value, let seconds = LiteralClassifier.duration(text) { return .duration(seconds) }
            throw wrong("a duration such as 30day")
        case .bool:
            if case .bool = value { return value }
            switch text.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: throw wrong("true or false")
            }
        case .id(let kind):
            switch value {
            case .id(let id) where id.kind == kind: return value
            case .string:
                if let id = EntityID(parsing: text, as: kind) { return .id(id) }
                let digits = text.drop { $0 != "-" }.dropFirst()
                if digits.first == "0", let number = Int64(digits), number > 0, EntityID(parsing: "\(kind.prefix)-\(number)", as: kind) != nil {
                    throw Failure(message: "\"\(text)\" is not a \(kind.noun) id: ids have no leading zeros (\(kind.prefix)-\(number))")
                }
                throw Failure(message: "\"\(text)\" is not a \(kind.noun) id (expected \(kind.prefix)-N)")
            case .record(let record):
                if case .id(let id)? = record["id"], id.kind == kind { return .id(id) }
                throw Failure(message: "expected a \(kind.noun) id; this record has no \(kind.noun) id in its id field")
            default: throw wrong("a \(kind.noun) id (\(kind.prefix)-N)")
            }
        case .choice(let options):
            guard let match = options.first(where: { $0.lowercased() == text.lowercased() }) else {
                throw Failure(message: "\"\(text)\" is not one of \(options.joined(separator: ", "))")
            }
            return .string(match)
        case .closure:
            if case .closure = value { return value }
            throw wrong("a closure { |x| ... }")
        case .condition: return value
        case .list:
            switch value {
            case .list: return value
            case .range(let low, let high) where RangeLength.isListable(low, high):
                return .list(low <= high ? (low...high).map(Value.int) : [])
            case .table(let t): return .list(t.rows.map(Value.record))
            default: throw wrong("a list")
            }
        case .record:
            if case .record = value { return value }
            throw wrong("a record")
        case .table:
            switch value {
            case .table, .relation: return value
            default:
                if let rows = value.rows { return .table(Table(rows: rows)) }
                throw wrong("a table")
            }
        }
    }
}
