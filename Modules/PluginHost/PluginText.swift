import StageKit

/// Text a plugin writes that Funnel keeps (a screening's `why`, a table's cells) is capped, so a
/// runaway plugin cannot turn one answer into a 50 MB journal event.
enum PluginText {
    /// The most UTF-8 bytes kept of one text.
    static let limit = 64 << 10

    /// `text` when it fits; else its longest prefix of whole characters within the limit, followed by
    /// a note of how much the plugin wrote.
    static func capped(_ text: String) -> String {
        let size = text.utf8.count
        guard size > limit else { return text }
        let note = " … [cut: the plugin wrote \(size) bytes; Funnel keeps \(limit)]"
        let budget = limit - note.utf8.count
        var kept = 0, end = text.startIndex
        while end < text.endIndex {
            let next = text.index(after: end)
            kept += text.utf8.distance(from: end, to: next)
            if kept > budget { break }
            end = next
        }
        return String(text[..<end]) + note
    }

    /// `record` with every text field capped.
    static func capped(_ record: Record) -> Record {
        Record(record.fields.map { field in
            if case .string(let text) = field.value, text.utf8.count > limit { return (field.name, .string(capped(text))) }
            return (field.name, field.value)
        })
    }
}
