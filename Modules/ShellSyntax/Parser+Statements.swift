extension Parser {
    // MARK: - Blocks and statements

    mutating func parseBlock(closing: Token.Kind?) throws(Diagnostic) -> Block {
        let start = current.span.start
        var statements: [Statement] = []
        while true {
            while current.kind == .newline || current.kind == .semicolon { advance() }
            if let closing, current.kind == closing { break }
            if atEnd {
                if let closing {
                    throw Diagnostic("expected \(Token.describe(closing)) before the end of input",
                                     at: Span(source.text.utf8.count, source.text.utf8.count), incomplete: true)
                }
                break
            }
            if closing == nil, let stray = strayCloser() { throw stray }
            statements.append(try parseStatement())
            switch current.kind {
            case .newline, .semicolon, .end: continue
            case let kind where kind == closing: continue
            default:
                if let stray = strayCloser() { throw stray }
                throw Diagnostic("unexpected \(current.describe)", at: current.span,
                                 hint: "separate statements with ; or a new line")
            }
        }
        return Block(statements: statements, span: Span(start, current.span.start))
    }

    func strayCloser() -> Diagnostic? {
        switch current.kind {
        case .closeParen, .closeBracket, .closeBrace:
            return Diagnostic("unmatched \(current.text)", at: current.span)
        default:
            return nil
        }
    }

    mutating func parseStatement() throws(Diagnostic) -> Statement {
        let token = current
        if token.isBare && !token.hasQuotedPart {
            switch token.text {
            case "let", "mut": return try parseBinding()
            case "def": return .definition(try parseDefinition())
            case "for": return try parseFor()
            case "while":
                advance()
                let condition = try parseExpression()
                let body = try parseBraceBlock("the loop body")
                return .whileLoop(condition: condition, body: body, token.span.through(body.span))
            case "break": advance(); return .breakLoop(token.span)
            case "continue": advance(); return .continueLoop(token.span)
            case "return":
                advance()
                if isStatementEnd { return .returnValue(nil, token.span) }
                let value = try parsePipeline()
                return .returnValue(value, token.span.through(value.span))
            case "try": return try parseTry()
            default: break
            }
        }
        if case .variable(let name, let path) = token.kind, path.isEmpty, peek().isBare,
           ["=", "+=", "-="].contains(peek().text) {
            advance()
            let op: BinaryOperator? = current.text == "+=" ? .add : current.text == "-=" ? .subtract : nil
            advance()
            skipNewlines()
            let value = try parsePipeline()
            return .assignment(name: name, operator: op, value: value, token.span.through(value.span))
        }
        return .pipeline(try parsePipeline())
    }

    var isStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .end, .closeBrace, .closeParen: return true
        default: return false
        }
    }

    mutating func parseName(_ what: String) throws(Diagnostic) -> Token {
        let token = current
        guard token.isBare, !token.hasQuotedPart, let first = token.text.utf8.first,
              !(first >= 48 && first <= 57), token.text.utf8.allSatisfy({ Lexer.isNameByte($0) || $0 == UInt8(ascii: "-") })
        else {
            throw Diagnostic("expected \(what), found \(token.describe)", at: token.span,
                             hint: "names are letters, digits, _ and -, starting with a letter", incomplete: atEnd)
        }
        advance()
        return token
    }

    mutating func parseBinding() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let name = try parseName("a variable name after \(keyword.text)")
        guard current.isWord("=") else {
            throw Diagnostic("expected = after \(keyword.text) \(name.text)", at: current.span, incomplete: atEnd)
        }
        advance()
        skipNewlines()
        let value = try parsePipeline()
        return .binding(name: name.text, mutable: keyword.text == "mut", value: value, keyword.span.through(value.span))
    }

    mutating func parseFor() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let name = try parseName("a variable name after for")
        guard current.isWord("in") else {
            throw Diagnostic("expected in after for \(name.text)", at: current.span, incomplete: atEnd)
        }
        advance()
        let sequence = try parseExpression()
        let body = try parseBraceBlock("the loop body")
        return .forLoop(variable: name.text, sequence: sequence, body: body, keyword.span.through(body.span))
    }

    mutating func parseTry() throws(Diagnostic) -> Statement {
        let keyword = current
        advance()
        let body = try parseBraceBlock("the try body")
        let saved = index
        skipNewlines()
        guard current.isWord("catch") else {
            index = saved
            return .tryCatch(body: body, errorName: nil, handler: nil, keyword.span.through(body.span))
        }
        advance()
        let open = try expect(.openBrace, "{ after catch")
        try deeper(at: open.span)
        defer { nesting -= 1 }
        skipNewlines()
        var errorName: String?
        if current.kind == .pipe {
            advance()
            errorName = try parseName("the error's name").text
            _ = try expect(.pipe, "| after the error's name")
        }
        let handler = try parseBlock(closing: .closeBrace)
        let close = try expect(.closeBrace, "}")
        return .tryCatch(body: body, errorName: errorName, handler: Block(statements: handler.statements, span: open.span.through(close.span)),
                         keyword.span.through(close.span))
    }

    /// `{ statements }`.
    mutating func parseBraceBlock(_ what: String) throws(Diagnostic) -> Block {
        let open = try expect(.openBrace, "{ to start \(what)")
        try deeper(at: open.span)
        defer { nesting -= 1 }
        let saved = parenDepth
        parenDepth = 0
        let block = try parseBlock(closing: .closeBrace)
        parenDepth = saved
        let close = try expect(.closeBrace, "} to end \(what)")
        return Block(statements: block.statements, span: open.span.through(close.span))
    }
}
