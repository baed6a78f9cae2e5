/// One step of a field path (`$invoice.customer`, `$i."days overdue"`, `$r.phone?`): a field,
/// column or item number, and whether it is optional (`?`: null when missing instead of an error).
public struct PathMember: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var name: String
    public var optional: Bool

    public init(_ name: String, optional: Bool = false) {
        self.name = name
        self.optional = optional
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The member as written: quoted when it is not a plain word, then `?` when optional.
    public var description: String {
        let plain = !name.isEmpty && name.utf8.allSatisfy { Lexer.isNameByte($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 }
        let escaped = name.map { $0 == "\\" || $0 == "\"" ? "\\\($0)" : String($0) }.joined()
        return (plain ? name : "\"\(escaped)\"") + (optional ? "?" : "")
    }

    /// A path written as text, as `get` takes it: members separated by dots, each a word or a quoted
    /// name (`a."days overdue".0`), each optionally followed by `?`. Text that does not read as a
    /// path (an unclosed quote, an empty member) is one member named by the whole text.
    public static func parse(_ text: String) -> [PathMember] {
        let bytes = Array(text.utf8)
        var members: [PathMember] = []
        var index = 0
        func whole() -> [PathMember] { [PathMember(text)] }
        while index <= bytes.count {
            var name: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                index += 1
                var closed = false
                while index < bytes.count {
                    if bytes[index] == quote { closed = true; index += 1; break }
                    if quote == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        name.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    name.append(bytes[index])
                    index += 1
                }
                guard closed else { return whole() }
            } else {
                while index < bytes.count, bytes[index] != UInt8(ascii: "."), bytes[index] != UInt8(ascii: "?") {
                    name.append(bytes[index])
                    index += 1
                }
                guard !name.isEmpty else { return whole() }
            }
            var member = PathMember(String(decoding: name, as: UTF8.self))
            if index < bytes.count, bytes[index] == UInt8(ascii: "?") {
                member.optional = true
                index += 1
            }
            members.append(member)
            if index == bytes.count { break }
            guard bytes[index] == UInt8(ascii: ".") else { return whole() }
            index += 1
            guard index < bytes.count else { return whole() }
        }
        return members
    }
}

extension Array where Element == PathMember {
    /// `.a."b c"?.0`, as written after a variable.
    public var written: String { map { "." + $0.description }.joined() }
}
