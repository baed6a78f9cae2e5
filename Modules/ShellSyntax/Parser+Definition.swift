extension Parser {
    /// `def name [params] { body }`; `name` may be two words when quoted (`def "lead vip" [] {}`).
    mutating func parseDefinition() throws(Diagnostic) -> Definition {
        let keyword = current
        advance()
        let nameToken = current
        let name: String
        switch nameToken.kind {
        case .bare, .string:
            name = nameToken.text
        default:
            throw Diagnostic("expected a command name after def", at: nameToken.span, incomplete: atEnd)
        }
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(words.count), words.allSatisfy({ word in
            !word.isEmpty && word.utf8.allSatisfy { Lexer.isNameByte($0) || $0 == UInt8(ascii: "-") }
                && !(word.utf8.first.map { $0 >= 48 && $0 <= 57 } ?? true)
        }) else {
            throw Diagnostic("\"\(name)\" is not a command name", at: nameToken.span,
                             hint: "one or two words of letters, digits, _ and -, e.g. def vip-leads [] { ... }")
        }
        advance()
        let open = try expect(.openBracket, "[ with the parameters (use [] for none)")
        var parameters: [ParameterDeclaration] = []
        while true {
            while current.kind == .newline || current.kind == .comma { advance() }
            if current.kind == .closeBracket { advance(); break }
            if atEnd { throw Diagnostic("unclosed [ in the parameters of \(name)", at: open.span, incomplete: true) }
            parameters.append(try parseParameter())
        }
        var seen = Set<String>()
        for parameter in parameters where !seen.insert(parameter.name).inserted {
            throw Diagnostic("parameter \(parameter.name) is declared twice", at: parameter.span)
        }
        let body = try parseBraceBlock("the body of \(name)")
        return Definition(name: name, parameters: parameters, body: body, summary: commentAbove(keyword.span.start),
                          span: keyword.span.through(body.span), nameSpan: nameToken.span)
    }

    /// `x`, `x: int`, `x?: string`, `x: int = 5`, `--flag: money = 100`, `--switch`, `...rest: string`.
    mutating func parseParameter() throws(Diagnostic) -> ParameterDeclaration {
        let token = current
        guard token.isBare, !token.hasQuotedPart else {
            throw Diagnostic("expected a parameter, found \(token.describe)", at: token.span,
                             hint: "parameters look like: name, name: int, --flag: string = \"x\", --switch")
        }
        advance()
        var text = Substring(token.text)
        var kind = ParameterDeclaration.Kind.positional
        if text.hasPrefix("--") { kind = .flag; text = text.dropFirst(2) }
        else if text.hasPrefix("...") { kind = .rest; text = text.dropFirst(3) }
        var type: String?
        var expectsType = false
        if text.hasSuffix(":") { text = text.dropLast(); expectsType = true }
        else if current.isWord(":") { advance(); expectsType = true }
        if text.hasSuffix("?") {
            guard kind == .positional else { throw Diagnostic("only positional parameters can end in ?", at: token.span) }
            text = text.dropLast()
            kind = .optional
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ Lexer.isNameByte($0) || $0 == UInt8(ascii: "-") }) else {
            throw Diagnostic("\"\(token.text)\" is not a parameter name", at: token.span)
        }
        if expectsType {
            let typeToken = current
            guard typeToken.isBare, ParameterTypeName.all.contains(typeToken.text) else {
                throw Diagnostic("expected a type after \(text):, found \(typeToken.describe)", at: typeToken.span,
                                 hint: "types: " + ParameterTypeName.all.joined(separator: ", "), incomplete: atEnd)
            }
            type = typeToken.text
            advance()
        }
        var defaultValue: Expression?
        if current.isWord("=") {
            advance()
            defaultValue = try parseItem()
            if kind == .positional { kind = .optional }
        }
        if kind == .flag && type == nil {
            kind = .switchFlag
            if defaultValue != nil { throw Diagnostic("a switch (a flag with no type) has no default", at: token.span) }
        }
        return ParameterDeclaration(name: String(text), kind: kind, type: type, defaultValue: defaultValue,
                                    span: token.span.through(defaultValue?.span ?? token.span))
    }

    /// The `#` comment lines right above `offset`'s line, joined: a definition's summary.
    func commentAbove(_ offset: Int) -> String? {
        var (_, lineStart) = source.line(containing: offset)
        var lines: [String] = []
        while lineStart > 0 {
            let (text, start) = source.line(containing: lineStart - 1)
            let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("#"), !trimmed.hasPrefix("#!") else { break }
            lines.insert(String(trimmed.dropFirst().drop(while: { $0 == " " })), at: 0)
            lineStart = start
        }
        return lines.isEmpty ? nil : lines.joined(separator: " ")
    }
}

/// The type names a `def` parameter may declare.
public enum ParameterTypeName {
    public static let all = ["any", "string", "int", "decimal", "number", "money", "date", "duration", "bool",
                             "list", "record", "table", "closure", "file", "lead"]
}
