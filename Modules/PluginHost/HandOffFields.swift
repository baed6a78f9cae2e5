#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Reading a hand-off record's fields as a plugin sends them (docs/plugin-protocol.md), each refusal
/// naming the hand-off (`hand-off 2: due "soon" is not a date such as 2026-03-01`). One set of readers
/// for every kind, so every kind says the same thing about the same mistake.
enum HandOffFields {
    /// Text (capped like all text a plugin writes), nil when absent or null.
    static func text(_ record: Record, _ field: String, _ place: String) throws -> String? {
        switch record[field] {
        case nil, .null?: return nil
        case .string(let text)?: return PluginText.capped(text)
        default: throw CommandError("\(place): \(field) must be text")
        }
    }

    /// A whole number, nil when absent or null.
    static func integer(_ record: Record, _ field: String, _ place: String) throws -> Int64? {
        switch record[field] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        default: throw CommandError("\(place): \(field) must be a whole number")
        }
    }

    /// A date (`"2026-03-01"`), nil when absent or null.
    static func date(_ record: Record, _ field: String, _ place: String) throws -> Date? {
        switch record[field] {
        case nil, .null?: return nil
        case .date(let date)?: return date
        case .string(let text)?:
            guard let date = try? Day.parse(text) else { throw CommandError("\(place): \(field) \"\(text)\" is not a date such as 2026-03-01") }
            return date
        default: throw CommandError("\(place): \(field) must be a date such as 2026-03-01")
        }
    }

    /// A field that must be there: `fallback` when absent, else refused as missing.
    static func required<T>(_ value: T?, _ field: String, _ place: String, default fallback: T? = nil) throws -> T {
        if let value { return value }
        if let fallback { return fallback }
        throw CommandError("\(place): \(field) is missing")
    }

    /// Money, `{"amount": "…", "currency": "…"}`.
    static func money(_ record: Record, _ field: String, _ place: String) throws -> Money {
        guard case .money(let amount)? = record[field] else {
            throw CommandError("\(place): \(field) must be money, {\"amount\": \"…\", \"currency\": \"…\"}")
        }
        return amount
    }

    /// An id of `kind`, as `"D-1"`.
    static func id(_ record: Record, _ field: String, _ kind: EntityKind, _ place: String) throws -> EntityID {
        switch record[field] {
        case .id(let id)? where id.kind == kind: return id
        case .string(let text)?:
            guard let id = EntityID(parsing: text, as: kind) else { throw CommandError("\(place): \(field) \"\(text)\" is not a \(kind.noun) id") }
            return id
        default: throw CommandError("\(place): \(field) must be a \(kind.noun) id such as \(kind.prefix)-1")
        }
    }
}
