/// A piece of script text and the name it came from (a path, `<command line>` or `<stdin>`).
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// The line this text starts at in its file (for a REPL entry or a statement cut from a file).
    public let firstLine: Int
    private let utf8: [UInt8]
    private let lineStarts: [Int]

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.utf8 = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.lineStarts = starts
    }

    /// A line (1-based, counted from `firstLine`) and column (1-based, in characters) for a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, utf8.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let prefix = String(decoding: utf8[lineStarts[low]..<clamped], as: UTF8.self)
        return (low + firstLine, prefix.count + 1)
    }

    /// The whole line holding the byte offset, without its newline, and the line's start offset.
    public func line(containing offset: Int) -> (text: String, start: Int) {
        let clamped = max(0, min(offset, utf8.count))
        let start = lineStarts.last(where: { $0 <= clamped }) ?? 0
        var end = start
        while end < utf8.count && utf8[end] != UInt8(ascii: "\n") { end += 1 }
        return (String(decoding: utf8[start..<end], as: UTF8.self), start)
    }

    /// The text between two byte offsets.
    public func slice(_ span: Span) -> String {
        let start = max(0, min(span.start, utf8.count)), end = max(start, min(span.end, utf8.count))
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    var bytes: [UInt8] { utf8 }
}

/// A range of UTF-8 byte offsets into a `SourceFile`.
public struct Span: Sendable, Equatable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The span from the start of one to the end of the other.
    public func through(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}
