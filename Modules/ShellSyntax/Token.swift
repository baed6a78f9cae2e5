/// A piece of a string: literal text, or, in an interpolated `$"…"` / `$'…'` string, an inserted
/// `$variable.path` or an inserted `(expression)` whose source lies at `span`.
public enum StringPart: Sendable, Equatable {
    case text(String)
    case variable(name: String, path: [PathMember], span: Span)
    case expression(Span)
}

/// One token of script text.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A bare word: a command name, flag, number, operator, column name, ...
        case bare
        /// `$name.path.0`, `$name."quoted field"`, `$name.optional?`
        case variable(name: String, path: [PathMember])
        /// A quoted string: a plain `"…"` or `'…'` (`parts` is one text) or an interpolated `$"…"` / `$'…'`.
        case string([StringPart])
        case pipe, semicolon, newline, comma
        case openParen, closeParen, openBracket, closeBracket, openBrace, closeBrace
        case end
    }

    public var kind: Kind
    /// For bare words, the word with any glued quoted parts unquoted; for strings, the literal text
    /// when there is no interpolation.
    public var text: String
    public var span: Span
    /// Whether whitespace (or the start of input) comes right before this token.
    public var spaceBefore: Bool
    /// For bare words: some part of it was quoted (`--name="a b"`), so it is not a number or operator.
    public var hasQuotedPart: Bool

    public init(_ kind: Kind, text: String, span: Span, spaceBefore: Bool, hasQuotedPart: Bool = false) {
        self.kind = kind
        self.text = text
        self.span = span
        self.spaceBefore = spaceBefore
        self.hasQuotedPart = hasQuotedPart
    }

    var isBare: Bool { if case .bare = kind { return true } else { return false } }

    /// True for a bare word with exactly this text.
    func isWord(_ word: String) -> Bool { isBare && !hasQuotedPart && text == word }
}
