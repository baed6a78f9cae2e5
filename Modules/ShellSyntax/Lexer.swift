/// Splits script text into tokens. Never traps: malformed text gives a `Diagnostic`.
///
/// Bare words run until whitespace or one of `| ; ( ) [ ] { } " '` (quotes glued to a word become part
/// of it: `--name="a b"`). A comma separates items except between digits grouped by three
/// (`12,345.67` stays one word). `#` at the start of a word comments out the rest of the line; a `\`
/// at the end of a line joins the next line.
public struct Lexer {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int
    /// The brackets open at this point, innermost last: a comma separates items only inside `[ ]`,
    /// and inside `{ }` when a space follows it (`{a: 1, b: 2}`, `|x, y|`); elsewhere it is part of a
    /// word (`--tags vip,expo`).
    private var open: [UInt8] = []

    /// Lexes `span` of the source (the whole text by default).
    public init(_ source: SourceFile, span: Span? = nil) {
        bytes = source.bytes
        position = max(0, min(span?.start ?? 0, bytes.count))
        end = max(position, min(span?.end ?? bytes.count, bytes.count))
    }

    public static func tokens(_ source: SourceFile, span: Span? = nil) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source, span: span)
        return try lexer.all()
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r"), hash = UInt8(ascii: "#")
    private static let doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\"), dollar = UInt8(ascii: "$"), comma = UInt8(ascii: ",")
    private static let openParen = UInt8(ascii: "("), closeParen = UInt8(ascii: ")")

    private func byte(at index: Int) -> UInt8? { index < end ? bytes[index] : nil }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case space, tab, newline, carriageReturn, UInt8(ascii: "|"), UInt8(ascii: ";"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    private static func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 48 && $0 <= 57 } ?? false }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "_")
    }

    mutating func all() throws(Diagnostic) -> [Token] {
        // Text never holds a NUL (the database and other tools would cut it off there): refused
        // wherever it is, as a CSV or JSON file holding one is.
        if let nul = bytes[position..<end].firstIndex(of: 0) {
            throw Diagnostic("a NUL character (U+0000) is not allowed in text", at: Span(nul, nul + 1))
        }
        var tokens: [Token] = []
        var spaceBefore = true
        while true {
            let before = position
            skipBlanks()
            if position > before { spaceBefore = true }
            guard let b = byte(at: position) else {
                tokens.append(Token(.end, text: "", span: Span(end, end), spaceBefore: true))
                return tokens
            }
            let start = position
            func single(_ kind: Token.Kind) -> Token {
                position += 1
                return Token(kind, text: String(UnicodeScalar(b)), span: Span(start, start + 1), spaceBefore: spaceBefore)
            }
            let token: Token
            switch b {
            case Lexer.hash where spaceBefore:
                while let c = byte(at: position), c != Lexer.newline { position += 1 }
                continue
            case Lexer.newline: token = single(.newline)
            case UInt8(ascii: ";"): token = single(.semicolon)
            case UInt8(ascii: "|"): token = single(.pipe)
            case UInt8(ascii: "("): open.append(b); token = single(.openParen)
            case UInt8(ascii: ")"): _ = open.popLast(); token = single(.closeParen)
            case UInt8(ascii: "["): open.append(b); token = single(.openBracket)
            case UInt8(ascii: "]"): _ = open.popLast(); token = single(.closeBracket)
            case UInt8(ascii: "{"): open.append(b); token = single(.openBrace)
            case UInt8(ascii: "}"): _ = open.popLast(); token = single(.closeBrace)
            case Lexer.comma where commaSeparates(at: position): token = single(.comma)
            case Lexer.backslash where isLineContinuation():
                position += 1
                if byte(at: position) == Lexer.carriageReturn { position += 1 }
                position += 1
                spaceBefore = true
                continue
            case Lexer.doubleQuote:
                let parts = try readQuoted(Lexer.doubleQuote, interpolated: false)
                if position < end, let next = byte(at: position), !Lexer.isDelimiter(next), next != Lexer.comma {
                    token = try readBare(start: start, prefix: parts, spaceBefore: spaceBefore)
                } else {
                    token = Token(.string(parts), text: Lexer.plainText(parts), span: Span(start, position), spaceBefore: spaceBefore)
                }
            case Lexer.dollar where byte(at: position + 1) == Lexer.doubleQuote || byte(at: position + 1) == Lexer.singleQuote:
                position += 1
                let parts = try readQuoted(bytes[position], interpolated: true)
                if position < end, let next = byte(at: position), !Lexer.isDelimiter(next), next != Lexer.comma {
                    throw Diagnostic("an interpolated string cannot be glued to a word", at: Span(start, position + 1),
                                     hint: "put a space after the closing quote, or move the text inside the quotes")
                }
                token = Token(.string(parts), text: Lexer.plainText(parts), span: Span(start, position), spaceBefore: spaceBefore)
            case Lexer.singleQuote:
                let text = try readSingleQuoted()
                if position < end, let next = byte(at: position), !Lexer.isDelimiter(next), next != Lexer.comma {
                    token = try readBare(start: start, prefix: [.text(text)], spaceBefore: spaceBefore)
                } else {
                    token = Token(.string([.text(text)]), text: text, span: Span(start, position), spaceBefore: spaceBefore)
                }
            case Lexer.dollar where byte(at: position + 1).map(Lexer.isNameByte) == true:
                let saved = position
                token = try readVariable(spaceBefore: spaceBefore)
                if byte(at: position) == UInt8(ascii: "."), byte(at: position + 1) == UInt8(ascii: ".") {
                    // `$a..$b` is a range: one bare word the parser splits.
                    position = saved
                    tokens.append(try readBare(start: saved, prefix: nil, spaceBefore: spaceBefore))
                    spaceBefore = false
                    continue
                }
            case UInt8(ascii: "-") where byte(at: position + 1) == Lexer.dollar && byte(at: position + 2).map(Lexer.isNameByte) == true:
                // `-$m`: a unary minus, then the variable.
                token = single(.bare)
            default:
                token = try readBare(start: start, prefix: nil, spaceBefore: spaceBefore)
            }
            tokens.append(token)
            spaceBefore = token.kind == .newline
        }
    }

    /// Whether a comma at `index` separates items here (see `open`).
    private func commaSeparates(at index: Int) -> Bool {
        switch open.last {
        case UInt8(ascii: "["): return true
        case UInt8(ascii: "{"):
            guard let next = byte(at: index + 1) else { return true }
            return next == Lexer.space || next == Lexer.tab || next == Lexer.newline || next == Lexer.carriageReturn
        default: return false
        }
    }

    /// A double-quoted part glued to a word (`--name="a (b)"`): escapes apply, `$` and `(` are text.
    private mutating func readDoubleQuotedLiterally() throws(Diagnostic) -> String {
        let open = position
        position += 1
        var text: [UInt8] = []
        while let b = byte(at: position) {
            if b == Lexer.doubleQuote {
                position += 1
                return String(decoding: text, as: UTF8.self)
            }
            if b == Lexer.backslash, let escaped = byte(at: position + 1) {
                switch escaped {
                case UInt8(ascii: "n"): text.append(Lexer.newline)
                case UInt8(ascii: "t"): text.append(Lexer.tab)
                default: text.append(escaped)
                }
                position += 2
                continue
            }
            text.append(b)
            position += 1
        }
        throw Diagnostic("unterminated string: no closing \"", at: Span(open, open + 1), incomplete: true)
    }

    private mutating func skipBlanks() {
        while let b = byte(at: position), b == Lexer.space || b == Lexer.tab || b == Lexer.carriageReturn { position += 1 }
    }

    private func isLineContinuation() -> Bool {
        var next = position + 1
        if byte(at: next) == Lexer.carriageReturn { next += 1 }
        return next >= end || bytes[next] == Lexer.newline
    }

    /// `$name` then `.member`s: each letters, digits, `_` or `-` (and, outside strings, any non-ASCII
    /// letters: `$row.城市`), or, outside strings, a quoted name (`."days overdue"`, `.'a.b'`); outside
    /// strings a member may end in `?` (optional: null when missing).
    private mutating func readVariable(spaceBefore: Bool, inString: Bool = false) throws(Diagnostic) -> Token {
        let start = position
        position += 1
        let nameStart = position
        while let b = byte(at: position), Lexer.isNameByte(b) { position += 1 }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
        var path: [PathMember] = []
        func isMemberByte(_ b: UInt8) -> Bool { Lexer.isNameByte(b) || b == UInt8(ascii: "-") || (!inString && b >= 0x80) }
        while byte(at: position) == UInt8(ascii: "."), let next = byte(at: position + 1) {
            if !inString, next == Lexer.doubleQuote || next == Lexer.singleQuote {
                position += 1
                let quoted = next == Lexer.doubleQuote ? try readDoubleQuotedLiterally() : try readSingleQuoted()
                path.append(PathMember(quoted))
            } else if isMemberByte(next) {
                position += 1
                let segmentStart = position
                while let b = byte(at: position), isMemberByte(b) { position += 1 }
                path.append(PathMember(String(decoding: bytes[segmentStart..<position], as: UTF8.self)))
            } else {
                break
            }
            if !inString, byte(at: position) == UInt8(ascii: "?") {
                path[path.count - 1].optional = true
                position += 1
            }
        }
        return Token(.variable(name: name, path: path), text: String(decoding: bytes[start..<position], as: UTF8.self),
                     span: Span(start, position), spaceBefore: spaceBefore)
    }

    /// A bare word, possibly with glued quoted parts.
    private mutating func readBare(start: Int, prefix: [StringPart]?, spaceBefore: Bool) throws(Diagnostic) -> Token {
        var text = prefix.map { Array(Lexer.plainText($0).utf8) } ?? []
        var quoted = prefix != nil
        while let b = byte(at: position) {
            if Lexer.isDelimiter(b) { break }
            if b == Lexer.comma, commaSeparates(at: position) {
                // Keep thousands separators inside numbers: a digit, a comma, then exactly three digits.
                let groupsDigits = Lexer.isDigit(text.last) && Lexer.isDigit(byte(at: position + 1))
                    && Lexer.isDigit(byte(at: position + 2)) && Lexer.isDigit(byte(at: position + 3))
                    && !Lexer.isDigit(byte(at: position + 4))
                if !groupsDigits { break }
            }
            if b == Lexer.doubleQuote {
                quoted = true
                text += Array(try readDoubleQuotedLiterally().utf8)
            } else if b == Lexer.singleQuote {
                quoted = true
                text += Array(try readSingleQuoted().utf8)
            } else {
                text.append(b)
                position += 1
            }
        }
        return Token(.bare, text: String(decoding: text, as: UTF8.self), span: Span(start, position),
                     spaceBefore: spaceBefore, hasQuotedPart: quoted)
    }

    static func plainText(_ parts: [StringPart]) -> String {
        parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
    }

    /// A quoted string from the opening quote at `position`. A plain `"…"` is literal text with
    /// escapes (`\n \t \r \" \\ \$ \( \)`). An interpolated `$"…"` (the `$` already read) also
    /// inserts `$name.path` and `(expression)` (`$5` stays text); `$'…'` does too but takes every
    /// other character as is (no escapes). In a plain string, `($` and `$name` are refused with a fix-it: they were
    /// interpolations before strings became literal, so an old script must not silently change meaning.
    private mutating func readQuoted(_ quote: UInt8, interpolated: Bool) throws(Diagnostic) -> [StringPart] {
        let open = position
        let escapes = quote == Lexer.doubleQuote
        position += 1
        var parts: [StringPart] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
        }
        while let b = byte(at: position) {
            switch b {
            case quote:
                position += 1
                flush()
                return parts.isEmpty ? [.text("")] : parts
            case Lexer.backslash where escapes:
                guard let escaped = byte(at: position + 1) else { position += 1; continue }
                switch escaped {
                case UInt8(ascii: "n"): text.append(Lexer.newline)
                case UInt8(ascii: "t"): text.append(Lexer.tab)
                case UInt8(ascii: "r"): text.append(Lexer.carriageReturn)
                case Lexer.doubleQuote, Lexer.backslash, Lexer.dollar, Lexer.openParen, Lexer.closeParen: text.append(escaped)
                default:
                    throw Diagnostic("unknown escape \\\(Lexer.describe(escaped))", at: Span(position, position + 2),
                                     hint: "use \\\\ for a backslash, or single quotes for text taken as is")
                }
                position += 2
            case Lexer.dollar where byte(at: position + 1).map(Lexer.isNameByte) == true && !Lexer.isDigit(byte(at: position + 1)):
                guard interpolated else { throw plainInterpolation(at: position, open: open, literal: "\\$ for a literal $") }
                flush()
                let token = try readVariable(spaceBefore: false, inString: true)
                if case .variable(let name, let path) = token.kind {
                    parts.append(.variable(name: name, path: path, span: token.span))
                }
            case Lexer.openParen where interpolated:
                flush()
                let inner = try skipBalanced(from: position)
                parts.append(.expression(Span(position + 1, inner)))
                position = inner + 1
            case Lexer.openParen where byte(at: position + 1) == Lexer.dollar:
                throw plainInterpolation(at: position, open: open, literal: "\\( for a literal parenthesis")
            default:
                text.append(b)
                position += 1
            }
        }
        let closing = quote == Lexer.doubleQuote ? "\"" : "'"
        throw Diagnostic("unterminated string: no closing \(closing)", at: Span(open, open + 1), incomplete: true)
    }

    /// The fix-it for `($…` or `$name` in a plain `"…"` string (the string opens at `open`): the
    /// caret under what used to interpolate, the hint showing the same string written as `$"…"`.
    private func plainInterpolation(at index: Int, open: Int, literal: String) -> Diagnostic {
        var close = index
        var depth = 0
        if bytes[index] == Lexer.openParen {
            while close < end, !(bytes[close] == Lexer.closeParen && depth == 1) {
                if bytes[close] == Lexer.openParen { depth += 1 } else if bytes[close] == Lexer.closeParen { depth -= 1 }
                close += 1
            }
        } else {
            close += 1
            while close < end, Lexer.isNameByte(bytes[close]) || bytes[close] == UInt8(ascii: ".") { close += 1 }
            close -= 1
        }
        var stringEnd = index
        while stringEnd < end, bytes[stringEnd] != Lexer.doubleQuote || bytes[stringEnd - 1] == Lexer.backslash { stringEnd += 1 }
        guard stringEnd < end else {
            return Diagnostic("unterminated string: no closing \"", at: Span(open, open + 1), incomplete: true)
        }
        let written = String(decoding: bytes[open...stringEnd], as: UTF8.self)
        let what = String(decoding: bytes[index..<min(close + 1, end)], as: UTF8.self)
        return Diagnostic("a plain \"…\" string does not interpolate: \(what) would be taken as text",
                          at: Span(index, min(close + 1, end)),
                          hint: "write $\(written) to insert the value, or \(literal)")
    }

    /// The offset of the `)` matching the `(` at `open`, skipping nested parentheses and strings.
    private func skipBalanced(from open: Int) throws(Diagnostic) -> Int {
        var depth = 0
        var index = open
        var quote: UInt8?
        while index < end {
            let b = bytes[index]
            if let q = quote {
                if b == Lexer.backslash && q == Lexer.doubleQuote { index += 2; continue }
                if b == q { quote = nil }
            } else if b == Lexer.doubleQuote || b == Lexer.singleQuote {
                quote = b
            } else if b == Lexer.openParen {
                depth += 1
            } else if b == Lexer.closeParen {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        throw Diagnostic("unclosed ( in string interpolation", at: Span(open, open + 1), incomplete: true)
    }

    private mutating func readSingleQuoted() throws(Diagnostic) -> String {
        let open = position
        position += 1
        let start = position
        while let b = byte(at: position) {
            if b == Lexer.singleQuote {
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return text
            }
            position += 1
        }
        throw Diagnostic("unterminated string: no closing '", at: Span(open, open + 1), incomplete: true)
    }

    private static func describe(_ byte: UInt8) -> String {
        byte < 0x80 && byte >= 0x20 ? String(UnicodeScalar(byte)) : "(byte \(byte))"
    }
}
