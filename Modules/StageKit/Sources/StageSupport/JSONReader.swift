#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Reads JSON into values exactly: integers stay integers, fractions become decimals (never binary
/// floats), `{"amount": "1.50", "currency": "CNY"}` becomes money. Errors name the line and column.
/// Text never holds a NUL character: a NUL byte or `\u0000` in a string is an error (`UnicodeText`).
public struct JSONReader {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public let line: Int
        public let column: Int
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    public static func parse(_ text: String) throws(Failure) -> Value {
        var reader = JSONReader(text)
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.failure("unexpected text after the value") }
        return value
    }

    private func failure(_ message: String) -> Failure {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return Failure(message: message, line: line, column: column)
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 32, 9, 10, 13: position += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> Value {
        guard position < bytes.count else { throw failure("unexpected end of JSON") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 200 else { throw failure("nested too deeply") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw failure("unexpected character")
        }
        position += expected.count
    }

    private mutating func object() throws(Failure) -> Value {
        position += 1
        var record = Record()
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .record(record) }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a field name") }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected :") }
            position += 1
            skipSpace()
            record[key] = try value()
            skipSpace()
            guard position < bytes.count else { throw failure("unexpected end of JSON") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw failure("expected , or }")
        }
        // Stored amounts keep their currency as written, even one no longer accepted when typed.
        if record.fields.count == 2, case .string(let amount)? = record["amount"], case .string(let code)? = record["currency"],
           let currency = Currency(code: code), let money = try? Money.parse(amount, defaultCurrency: currency) {
            return .money(money)
        }
        return .record(record)
    }

    private mutating func array() throws(Failure) -> Value {
        position += 1
        var items: [Value] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .list(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard position < bytes.count else { throw failure("unexpected end of JSON") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw failure("expected , or ]")
        }
        if !items.isEmpty, let rows = Value.list(items).rows { return .table(Table(rows: rows)) }
        return .list(items)
    }

    private mutating func string() throws(Failure) -> String {
        position += 1
        // Most strings have no escapes: read them straight from the bytes.
        var end = position
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] != 0 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            defer { position = end + 1 }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }
        var out = Array(bytes[position..<end])
        position = end
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw failure("unterminated string") }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "u"):
                    guard bytes.count - position >= 4, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                    else { throw failure("bad \\u escape") }
                    position += 4
                    var scalarValue = code
                    if (0xD800...0xDBFF).contains(code), bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
                       let low = UInt32(String(decoding: bytes[position + 2..<position + 6], as: UTF8.self), radix: 16),
                       (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                    if scalarValue == 0 {
                        position -= 6
                        throw failure(UnicodeText.nulMessage)
                    }
                    out += Array(String(Character(Unicode.Scalar(scalarValue) ?? "\u{FFFD}")).utf8)
                default: out.append(escaped)
                }
            case 0:
                position -= 1
                throw failure(UnicodeText.nulMessage)
            default:
                out.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func number() throws(Failure) -> Value {
        let start = position
        // Plain integers (the usual case) are read digit by digit, with no text in between.
        var negative = false, magnitude: Int64 = 0, digits = 0, overflow = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(bytes[position] - 48))
            overflow = overflow || o1 || o2
            magnitude = sum
            digits += 1
            position += 1
        }
        let ends = position == bytes.count || !"+-.eE".utf8.contains(bytes[position])
        if digits > 0, ends, !overflow {
            return .int(negative ? -magnitude : magnitude)
        }
        position = start
        while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if let int = Int64(text) { return .int(int) }
        if Self.isNumber(bytes[start..<position]), let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
            return .decimal(decimal)
        }
        position = start
        throw failure(text.isEmpty ? "unexpected character" : "\"\(text)\" is not a number")
    }

    /// JSON's number grammar (leading zeros allowed): `-`? digits (`.` digits)? (`e` sign? digits)?.
    private static func isNumber(_ text: ArraySlice<UInt8>) -> Bool {
        var rest = text
        func digits() -> Bool {
            let before = rest.count
            while let byte = rest.first, byte >= 48, byte <= 57 { rest.removeFirst() }
            return rest.count < before
        }
        if rest.first == UInt8(ascii: "-") { rest.removeFirst() }
        guard digits() else { return false }
        if rest.first == UInt8(ascii: ".") {
            rest.removeFirst()
            guard digits() else { return false }
        }
        if let byte = rest.first, byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            rest.removeFirst()
            if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { rest.removeFirst() }
            guard digits() else { return false }
        }
        return rest.isEmpty
    }
}
