/// One word of a command: its text with quotes removed and escapes applied, where it stands, and
/// whether it begins with a quote (such a word is plain text: never a flag, a number or an operator;
/// `--name="a b"` is still a flag).
public struct Word: Sendable, Equatable {
    public var text: String
    public var span: Span
    public var isQuoted: Bool

    public init(text: String, span: Span, isQuoted: Bool) {
        self.text = text
        self.span = span
        self.isQuoted = isQuoted
    }

    /// The flag name when the word is `--name` or `--name=value`, unquoted.
    public var flagName: String? {
        guard !isQuoted, text.hasPrefix("--"), text.count > 2 else { return nil }
        let body = text.dropFirst(2)
        return String(body.split(separator: "=", maxSplits: 1).first ?? body)
    }

    /// The value after `=` in `--name=value`, with its span.
    public var inlineFlagValue: Word? {
        guard flagName != nil, let equals = text.firstIndex(of: "=") else { return nil }
        let valueText = String(text[text.index(after: equals)...])
        let offset = text[..<equals].utf8.count + 1
        return Word(text: valueText, span: Span(span.start + offset, span.end), isQuoted: false)
    }
}

/// A command and its words, e.g. `lead add "杭州 客户" --budget 50000`.
public struct CommandCall: Sendable, Equatable {
    public var words: [Word]
    public var span: Span { words.first.map { $0.span.through(words.last?.span ?? $0.span) } ?? Span(0, 0) }
}

/// Commands joined by `|`: each one's output is the next one's input.
public struct Pipeline: Sendable, Equatable {
    public var commands: [CommandCall]
    public var span: Span { commands.first.map { $0.span.through(commands.last?.span ?? $0.span) } ?? Span(0, 0) }
}

/// A whole script: pipelines separated by `;` or newlines.
public struct Script: Sendable, Equatable {
    public var statements: [Pipeline]
}
