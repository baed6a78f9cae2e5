#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

extension Value {
    /// The value as compact JSON. Money is written as its exact decimal text with the currency
    /// (`{"amount":"12345.67","currency":"CNY"}`), never as a binary float.
    public var json: String {
        var out = ""
        writeJSON(to: &out)
        return out
    }

    func writeJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): Value.appendQuoted(s, to: &out)
        case .money(let m):
            out += "{\"amount\":\""
            out += m.plainAmount
            out += "\",\"currency\":"
            Value.appendQuoted(m.currency.code, to: &out)
            out += "}"
        case .date, .id, .duration, .months, .range, .closure: Value.appendQuoted(plainText, to: &out)
        case .decimal(let d): out += d.description
        case .relation: out += "[]"  // the engine materialises relations before printing
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeJSON(to: &out)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (index, field) in record.fields.enumerated() {
                if index > 0 { out += "," }
                Value.appendQuoted(field.name, to: &out)
                out += ":"
                field.value.writeJSON(to: &out)
            }
            out += "}"
        case .table(let table):
            Value.list(table.rows.map { .record($0) }).writeJSON(to: &out)
        }
    }

    /// Appends `text` as a JSON string literal, without building a string of its own when nothing
    /// needs escaping (the common case).
    public static func appendQuoted(_ text: String, to out: inout String) {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += text
            out += "\""
        } else {
            out += jsonQuoted(text)
        }
    }

    /// A JSON string literal with the escapes JSON requires.
    public static func jsonQuoted(_ text: String) -> String {
        // Fast path: nothing to escape (the common case), copied as it is.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension Money {
    /// The amount without grouping or currency: `-12345.67`.
    public var plainAmount: String {
        // Built from the integer: plugins receive a million of these at a time.
        let digits = String(minorUnits.magnitude)
        let places = currency.minorDigits
        let sign = minorUnits < 0 ? "-" : ""
        guard places > 0 else { return sign + digits }
        let padded = digits.count > places ? digits : String(repeating: "0", count: places - digits.count + 1) + digits
        return sign + padded.dropLast(places) + "." + padded.suffix(places)
    }
}
