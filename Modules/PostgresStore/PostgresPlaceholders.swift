/// SQLite's placeholders in PostgreSQL's spelling: `?` becomes `$1`, `$2`, … in order, `?N` becomes
/// `$N`, and a `?` inside a string literal, a quoted identifier, a dollar-quoted string or a comment
/// is left alone. As in SQLite, a bare `?` takes the number after the largest one used before it.
enum PostgresPlaceholders {
    static func numbered(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var index = 0, largest = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func isWordByte(_ byte: UInt8) -> Bool {
            isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        }
        /// Copies from `index` through the first `end` (a quote doubled inside stays inside).
        func copyQuoted(_ quote: UInt8, backslashEscapes: Bool) {
            out.append(bytes[index]); index += 1
            while index < bytes.count {
                let byte = bytes[index]
                out.append(byte); index += 1
                if backslashEscapes, byte == UInt8(ascii: "\\"), index < bytes.count {
                    out.append(bytes[index]); index += 1
                } else if byte == quote {
                    guard index < bytes.count, bytes[index] == quote else { return }
                    out.append(bytes[index]); index += 1
                }
            }
        }
        func copy(through end: [UInt8]) {
            while index < bytes.count {
                if bytes[index...].starts(with: end) {
                    out += end; index += end.count
                    return
                }
                out.append(bytes[index]); index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"):
                let escaped = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && (index < 2 || !isWordByte(bytes[index - 2]))
                copyQuoted(byte, backslashEscapes: escaped)
            case UInt8(ascii: "\""):
                copyQuoted(byte, backslashEscapes: false)
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                copy(through: [UInt8(ascii: "\n")])
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                out += [bytes[index], bytes[index + 1]]; index += 2
                copy(through: Array("*/".utf8))
            case UInt8(ascii: "$") where index == 0 || !isWordByte(bytes[index - 1]):
                // A dollar quote: $$ … $$ or $tag$ … $tag$.
                var end = index + 1
                while end < bytes.count, isWordByte(bytes[end]), !isDigit(bytes[index + 1]) { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else { out.append(byte); index += 1; continue }
                let tag = Array(bytes[index...end])
                out += tag; index = end + 1
                copy(through: tag)
            case UInt8(ascii: "?"):
                index += 1
                var number = 0, digits = 0
                while index < bytes.count, isDigit(bytes[index]), digits < 6 {
                    number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1; digits += 1
                }
                if digits == 0 { number = largest + 1 }
                largest = max(largest, number)
                out += Array("$\(number)".utf8)
            default:
                out.append(byte); index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
