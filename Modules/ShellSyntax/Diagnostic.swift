/// An error located in script text: rendered as `file:line:col: error: message`, the source line,
/// a caret under the span, and a hint when one helps.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let span: Span
    public let hint: String?
    /// The input stopped in the middle of something (a quote, a pipeline): more lines may complete it.
    public let isIncompleteInput: Bool
    /// Where the error happened in the caller's chain (`source`, `def`), outermost first.
    public var notes: [String]

    public init(_ message: String, at span: Span, hint: String? = nil, incomplete: Bool = false) {
        self.message = message
        self.span = span
        self.hint = hint
        self.isIncompleteInput = incomplete
        self.notes = []
    }

    public var description: String { message }

    /// The full text shown to the user.
    public func rendered(in source: SourceFile) -> String {
        let (line, column) = source.location(of: span.start)
        let (lineText, lineStart) = source.line(containing: span.start)
        let before = source.slice(Span(lineStart, span.start))
        let lineEnd = lineStart + lineText.utf8.count
        let marked = source.slice(Span(span.start, min(max(span.end, span.start), lineEnd)))
        let indent = String(repeating: " ", count: DisplayWidth.of(before.replacingTabs))
        let carets = String(repeating: "^", count: max(1, DisplayWidth.of(marked.replacingTabs)))
        var out = "\(source.name):\(line):\(column): error: \(message)\n"
        out += "  \(lineText.replacingTabs)\n"
        out += "  \(indent)\(carets)"
        if let hint { out += "\nhint: \(hint)" }
        for note in notes { out += "\n  \(note)" }
        return out
    }
}

extension String {
    var replacingTabs: String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}
